package org.homeport.security.internal;

import java.util.HashSet;
import java.util.Set;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.homeport.security.api.AuthenticationException;
import org.homeport.security.api.Caller;

/**
 * Checks a user name and password against a Karaf JAAS realm ({@code etc/users.properties} by
 * default); the user's roles, including those of its groups, become the caller's roles. Blocks:
 * call it off the event loop.
 */
final class JaasPasswordCheck {
    private final String realm;

    JaasPasswordCheck(String realm) {
        this.realm = realm;
    }

    Caller check(String user, char[] password) throws AuthenticationException {
        Subject subject = new Subject();
        try {
            LoginContext login = new LoginContext(realm, subject, callbacks -> {
                for (Callback callback : callbacks) {
                    if (callback instanceof NameCallback name) {
                        name.setName(user);
                    } else if (callback instanceof PasswordCallback secret) {
                        secret.setPassword(password);
                    } else {
                        throw new UnsupportedCallbackException(callback);
                    }
                }
            });
            login.login();
        } catch (LoginException e) {
            throw new AuthenticationException("bad-credentials", "the user name or password is wrong");
        }
        Set<String> roles = new HashSet<>();
        for (RolePrincipal role : subject.getPrincipals(RolePrincipal.class)) {
            roles.add(role.getName());
        }
        return new Caller(user, "jaas", roles, null);
    }
}
