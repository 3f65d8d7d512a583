package org.homeport.receiver.http.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Requests written byte for byte, for what an HTTP client would not send as written. */
final class RawHttp {
    static final String CLOSED = "<closed>";
    static final String OPEN = "<open>";

    private RawHttp() {
    }

    /** Sends on a new connection; returns what came back and then {@link #CLOSED} or {@link #OPEN}. */
    static String exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return exchange(socket, request);
        }
    }

    static String exchange(Socket socket, String request) throws IOException {
        socket.setSoTimeout(2000);
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                received.write(buffer, 0, n);
            }
            return received.toString(StandardCharsets.ISO_8859_1) + CLOSED;
        } catch (SocketTimeoutException e) {
            return received.toString(StandardCharsets.ISO_8859_1) + OPEN;
        } catch (SocketException e) {
            return received.toString(StandardCharsets.ISO_8859_1) + CLOSED;
        }
    }
}
