package org.homeport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshException;
import org.junit.Before;
import org.junit.Test;
import org.osgi.service.cm.Configuration;

/**
 * The shell of a running node (issue 20, item 8): the distribution's SSH server, reached the way
 * {@code ./homeport shell} reaches it, accepts only JAAS users with the role {@code admin}, and only
 * on 127.0.0.1.
 */
public class ShellIT extends HomeportTestSupport {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Before
    public void nodeIsUp() {
        awaitHealthy();
    }

    private static int sshPort() {
        return Integer.getInteger("homeport.itest.ssh.port");
    }

    @Test
    public void adminRunsAConsentCommandOverSsh() throws Exception {
        // demo is in homeport-admins, which has the role admin (etc/users.properties)
        String purposes = ssh("demo", "demo", "consent:purposes");
        assertTrue(purposes, purposes.contains("crash-reports") && purposes.contains("legitimate-interest"));
        assertTrue(purposes, purposes.contains("marketing") && purposes.contains("opt-in"));

        String health = ssh("demo", "demo", "homeport:health");
        assertTrue(health, health.contains("UP"));
    }

    @Test
    public void usersWithoutTheAdminRoleAndWrongPasswordsAreRefused() throws Exception {
        // cora: compliance-officer only; otto: operator only; nora: no role at all
        for (String[] user : new String[][] {{"cora", "cora-pw"}, {"otto", "otto-pw"}, {"nora", "nora-pw"},
                {"demo", "not-the-password"}, {"nobody", "nobody"}}) {
            try {
                String out = ssh(user[0], user[1], "consent:purposes");
                fail(user[0] + " may not log in, but ran a command: " + out);
            } catch (SshException expected) {
                // authentication failed: no session, no command
            }
        }
    }

    @Test
    public void sshListensOnLoopbackOnly() throws Exception {
        Configuration shell = configurationAdmin.getConfiguration("org.apache.karaf.shell", null);
        assertEquals("the distribution's etc/org.apache.karaf.shell.cfg", "127.0.0.1", shell.getProperties().get("sshHost"));
        assertEquals("admin", shell.getProperties().get("sshRole"));

        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), sshPort()), 5000);
        }
        // What the kernel says the listening socket is bound to.
        List<String> bound = listeningAddresses(sshPort());
        assertFalse("nothing listens on " + sshPort(), bound.isEmpty());
        for (String address : bound) {
            assertTrue("SSH listens on " + bound, address.equals("0100007F")
                    || address.equals("0000000000000000FFFF00000100007F"));
        }
        // And every other address of this machine refuses the connection.
        for (InetAddress address : nonLoopbackAddresses()) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, sshPort()), 2000);
                fail("SSH answers on " + address.getHostAddress());
            } catch (ConnectException expected) {
                // refused: nothing listens there
            }
        }
    }

    @Test
    public void hostKeyIsGeneratedUnderEtcOnFirstStart() throws Exception {
        ssh("demo", "demo", "shell:echo hello");
        Path key = Paths.get(System.getProperty("karaf.etc"), "host.key");
        assertTrue("the host key " + key, Files.isRegularFile(key) && Files.size(key) > 0);
    }

    /** Logs in with a password and runs one command on an exec channel, as {@code ./homeport shell <command>} does. */
    private static String ssh(String user, String password, String command) throws IOException {
        try (SshClient client = SshClient.setUpDefaultClient()) {
            // A fresh node has a fresh host key; the test trusts it (ssh -o StrictHostKeyChecking=no).
            client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
            client.start();
            try (ClientSession session = client.connect(user, "127.0.0.1", sshPort()).verify(TIMEOUT).getSession()) {
                session.addPasswordIdentity(password);
                session.auth().verify(TIMEOUT);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (ChannelExec channel = session.createExecChannel(command)) {
                    channel.setOut(out);
                    channel.setErr(out);
                    channel.open().verify(TIMEOUT);
                    channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TIMEOUT);
                }
                return out.toString(StandardCharsets.UTF_8);
            }
        }
    }

    /** Local addresses (hex, as in /proc/net/tcp and tcp6) of the sockets listening on a port. */
    private static List<String> listeningAddresses(int port) throws IOException {
        List<String> addresses = new ArrayList<>();
        String hexPort = String.format(Locale.ROOT, "%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Paths.get(table);
            if (!Files.isReadable(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                String[] columns = line.trim().split("\\s+");
                // sl local_address rem_address st ...; st 0A is LISTEN
                if (columns.length > 3 && columns[1].endsWith(":" + hexPort) && columns[3].equals("0A")) {
                    addresses.add(columns[1].substring(0, columns[1].indexOf(':')));
                }
            }
        }
        return addresses;
    }

    private static List<InetAddress> nonLoopbackAddresses() throws IOException {
        List<InetAddress> addresses = new ArrayList<>();
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(network.getInetAddresses())) {
                if (!address.isLoopbackAddress() && address instanceof Inet4Address) {
                    addresses.add(address);
                }
            }
        }
        return addresses;
    }
}
