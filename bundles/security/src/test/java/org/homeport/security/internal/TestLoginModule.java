package org.homeport.security.internal;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;

/**
 * A JAAS realm for tests: a user's password is the user name; every user gets the role operator.
 * JAAS creates login modules itself, so the test reaches them through static fields: how many
 * checks ran, and a gate that holds every check until opened.
 */
public final class TestLoginModule implements LoginModule {
    static final AtomicInteger CHECKS = new AtomicInteger();
    static volatile CountDownLatch gate;

    private Subject subject;
    private CallbackHandler handler;
    private String user;

    /** Installs this module as every JAAS realm; returns what was there, to restore. */
    static Configuration install() {
        Configuration previous;
        try {
            previous = Configuration.getConfiguration();
        } catch (SecurityException e) {
            previous = null;
        }
        Configuration.setConfiguration(new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return new AppConfigurationEntry[] {new AppConfigurationEntry(TestLoginModule.class.getName(),
                        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of())};
            }
        });
        return previous;
    }

    @Override
    public void initialize(Subject subject, CallbackHandler handler, Map<String, ?> sharedState, Map<String, ?> options) {
        this.subject = subject;
        this.handler = handler;
    }

    @Override
    public boolean login() throws LoginException {
        NameCallback name = new NameCallback("user");
        PasswordCallback password = new PasswordCallback("password", false);
        try {
            handler.handle(new Callback[] {name, password});
        } catch (Exception e) {
            throw new LoginException(e.getMessage());
        }
        CHECKS.incrementAndGet();
        CountDownLatch wait = gate;
        if (wait != null) {
            try {
                wait.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!name.getName().equals(new String(password.getPassword()))) {
            throw new FailedLoginException("wrong password");
        }
        user = name.getName();
        return true;
    }

    @Override
    public boolean commit() {
        if (user != null) {
            subject.getPrincipals().add(new RolePrincipal("operator"));
        }
        return user != null;
    }

    @Override
    public boolean abort() {
        return true;
    }

    @Override
    public boolean logout() {
        return true;
    }
}
