package org.homeport.receiver.http.internal;

import java.util.Map;

/**
 * A request cannot be served; carries the problem and a detail that is safe to show the sender
 * (it never quotes the body).
 */
final class ProblemException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Problem problem;
    private final transient Map<String, String> headers;

    ProblemException(Problem problem, String detail) {
        this(problem, detail, Map.of());
    }

    /** @param headers sent with the answer, e.g. {@code Retry-After} */
    ProblemException(Problem problem, String detail, Map<String, String> headers) {
        // no stack trace: these are expected, client-caused and may be frequent
        super(detail, null, false, false);
        this.problem = problem;
        this.headers = headers;
    }

    Map<String, String> headers() {
        return headers;
    }

    Problem problem() {
        return problem;
    }

    String detail() {
        return getMessage();
    }
}
