-- Erasures that a denial or withdrawal asked for (erase.on.withdrawal), written in the same
-- transaction as the consent record and its audit entry, removed once done: none is lost to a
-- crash or a restart. One per consent record, keyed by its seq.
CREATE TABLE erasure_job (
    seq BIGINT PRIMARY KEY,
    tenant VARCHAR(255) NOT NULL,
    subject VARCHAR(255) NOT NULL,
    purpose VARCHAR(255) NOT NULL,
    created_at BIGINT NOT NULL,
    attempts INT NOT NULL,
    next_attempt_at BIGINT NOT NULL
);
CREATE INDEX erasure_job_due ON erasure_job (next_attempt_at, seq);
