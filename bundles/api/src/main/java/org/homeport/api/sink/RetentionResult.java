package org.homeport.api.sink;

/**
 * What a retention run removed.
 *
 * @param removed how many units were deleted
 * @param unit    what a unit is for this sink ({@code files}, {@code documents}, …)
 */
public record RetentionResult(long removed, String unit) {
}
