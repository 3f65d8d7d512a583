package org.homeport.journal.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FrameReaderTest {
    private static final int SALT = 0x5a17;

    @TempDir
    Path dir;

    /** Frames of 1 to 300 payload bytes, so they start and end everywhere in a small window. */
    private static List<byte[]> payloads() {
        List<byte[]> payloads = new ArrayList<>();
        for (int i = 1; i <= 300; i += 7) {
            payloads.add(("p" + i + "-" + "y".repeat(i)).getBytes(StandardCharsets.UTF_8));
        }
        return payloads;
    }

    private long writeFrames(Path file, List<byte[]> payloads) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            long offset = 0;
            for (int i = 0; i < payloads.size(); i++) {
                ByteBuffer frame = ByteBuffer.allocate(Frames.FRAME_HEADER_BYTES + payloads.get(i).length);
                Frames.putFrame(frame, SALT, i + 1, payloads.get(i));
                offset += ch.write(frame.flip(), offset);
            }
            return offset;
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 17, 40, 333, FrameReader.WINDOW_BYTES})
    void readsEveryFrameWhateverTheWindow(int windowBytes) throws IOException {
        Path file = dir.resolve("frames");
        List<byte[]> payloads = payloads();
        long end = writeFrames(file, payloads);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            FrameReader in = new FrameReader(ch, windowBytes);
            long offset = 0;
            for (int i = 0; i < payloads.size(); i++) {
                Frames.Frame f = Frames.readFrame(in, SALT, offset, end, 1024, i + 1, i + 1);
                assertThat(f).as("frame %d at %d", i + 1, offset).isNotNull();
                assertThat(f.payload()).isEqualTo(payloads.get(i));
                offset = f.end();
            }
            assertThat(offset).isEqualTo(end);
        }
    }

    @Test
    void aFlippedPayloadByteFailsTheCrcAndResyncFindsTheNextFrame() throws IOException {
        Path file = dir.resolve("frames");
        List<byte[]> payloads = payloads();
        long end = writeFrames(file, payloads);
        long second = Frames.FRAME_HEADER_BYTES + payloads.get(0).length;
        long third = second + Frames.FRAME_HEADER_BYTES + payloads.get(1).length;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, second + Frames.FRAME_HEADER_BYTES + 2);
            one.put(0, (byte) (one.get(0) ^ 0x01));
            ch.write(one.flip(), second + Frames.FRAME_HEADER_BYTES + 2);

            FrameReader in = new FrameReader(ch, 64);
            assertThat(Frames.readFrame(in, SALT, 0, end, 1024, 1, 1)).isNotNull();
            assertThat(Frames.readFrame(in, SALT, second, end, 1024, 2, 2)).isNull();
            Frames.Frame next = Frames.resync(in, SALT, second, end, 1024, 1);
            assertThat(next).isNotNull();
            assertThat(next.offset()).isEqualTo(third);
            assertThat(next.sequence()).isEqualTo(3);
            assertThat(next.payload()).isEqualTo(payloads.get(2));
        }
    }

    @Test
    void aFrameLargerThanTheWindowIsReadDirectly() throws IOException {
        Path file = dir.resolve("frames");
        List<byte[]> payloads = List.of("x".repeat(5000).getBytes(StandardCharsets.UTF_8), "small".getBytes(StandardCharsets.UTF_8));
        long end = writeFrames(file, payloads);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            FrameReader in = new FrameReader(ch, 64);
            Frames.Frame big = Frames.readFrame(in, SALT, 0, end, 8192, 1, 1);
            assertThat(big.payload()).isEqualTo(payloads.get(0));
            assertThat(Frames.readFrame(in, SALT, big.end(), end, 8192, 2, 2).payload()).isEqualTo(payloads.get(1));
        }
    }

    @Test
    void aTruncatedTailIsNoFrame() throws IOException {
        Path file = dir.resolve("frames");
        List<byte[]> payloads = payloads();
        long end = writeFrames(file, payloads);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ch.truncate(end - 3);
            long last = end - Frames.FRAME_HEADER_BYTES - payloads.get(payloads.size() - 1).length;
            FrameReader in = new FrameReader(ch, 128);
            assertThat(Frames.readFrame(in, SALT, last, end - 3, 1024, payloads.size(), payloads.size())).isNull();
        }
    }
}
