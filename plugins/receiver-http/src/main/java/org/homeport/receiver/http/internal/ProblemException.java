package org.homeport.receiver.http.internal;

/**
 * A request cannot be served; carries the problem and a detail that is safe to show the sender
 * (it never quotes the body).
 */
final class ProblemException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Problem problem;

    ProblemException(Problem problem, String detail) {
        // no stack trace: these are expected, client-caused and may be frequent
        super(detail, null, false, false);
        this.problem = problem;
    }

    Problem problem() {
        return problem;
    }

    String detail() {
        return getMessage();
    }
}
