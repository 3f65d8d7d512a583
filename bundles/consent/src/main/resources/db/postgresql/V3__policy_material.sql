-- A policy version can be material: grants given under earlier versions stop counting until the
-- subject consents again. A version that brings a retired purpose back is always material, also
-- for the versions recorded before this column existed.
ALTER TABLE policy_version ADD COLUMN material BOOLEAN DEFAULT FALSE NOT NULL;
UPDATE policy_version SET material = TRUE
    WHERE status = 'active' AND EXISTS (SELECT 1 FROM policy_version r WHERE r.purpose = policy_version.purpose
        AND r.version = policy_version.version - 1 AND r.status = 'retired');
