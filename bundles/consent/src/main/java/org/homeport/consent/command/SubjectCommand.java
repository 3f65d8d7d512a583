package org.homeport.consent.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;

/** The commands about one subject: its tenant, its id, and who in the shell acts. */
abstract class SubjectCommand implements Action {

    @Reference
    Session session;

    @Option(name = "--tenant", description = "The subject's tenant", required = true)
    String tenant;

    @Argument(index = 0, name = "subject", description = "The subject id", required = true)
    String subject;

    /** The shell user, recorded as the actor in records and the audit trail: {@code user:<name>}. */
    String actor() {
        return actor(session);
    }

    /** {@code user:<name>} for the shell's JAAS user, {@code system:shell} for a session without one. */
    static String actor(Session session) {
        Object user = session == null ? null : session.get("USER");
        return user == null ? "system:shell" : "user:" + user;
    }
}
