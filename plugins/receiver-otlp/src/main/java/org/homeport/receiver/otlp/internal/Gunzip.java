package org.homeport.receiver.otlp.internal;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Inflates a gzip body that has already been read whole (its compressed size bounded), stopping at
 * the first byte beyond the decompressed bound: a gzip bomb costs at most that many bytes of heap
 * and the time to inflate them.
 */
final class Gunzip {
    /** The body inflates to more than the bound. */
    static final class TooLargeException extends Exception {
        private static final long serialVersionUID = 1L;

        TooLargeException() {
            super(null, null, false, false);
        }
    }

    private Gunzip() {
    }

    static Buffer inflate(Buffer compressed, long maxBytes) throws TooLargeException, MalformedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(maxBytes, compressed.length() * 4L + 64));
        byte[] chunk = new byte[16 * 1024];
        long total = 0;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed.getBytes()), chunk.length)) {
            int read;
            while ((read = in.read(chunk)) > 0) {
                total += read;
                if (total > maxBytes) {
                    throw new TooLargeException();
                }
                out.write(chunk, 0, read);
            }
        } catch (IOException e) {
            throw new MalformedException("the body is not valid gzip");
        }
        return Buffer.buffer(out.toByteArray());
    }
}
