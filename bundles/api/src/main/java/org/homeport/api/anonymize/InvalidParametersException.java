package org.homeport.api.anonymize;

/** An anonymizer was configured with parameters it cannot work with. */
public class InvalidParametersException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidParametersException(String message) {
        super(message);
    }
}
