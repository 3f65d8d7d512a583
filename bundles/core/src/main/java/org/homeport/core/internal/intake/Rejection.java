package org.homeport.core.internal.intake;

/**
 * Why the intake refused an event: a stable code (documented in docs/http-api.md) and a detail
 * that names fields and declarations but never repeats event content.
 */
record Rejection(String reason, String detail) {
}
