package io.github.embeddedbackup.core.codec;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.jspecify.annotations.Nullable;

/**
 * gzip on several cores, the way {@code pigz} does it: the input is cut into blocks, each block is
 * deflated on a worker with the previous 32 KiB as its dictionary and ends on a byte boundary (a
 * sync flush), and the blocks are written in order. The result is one ordinary gzip member that
 * any gzip reader decompresses; the ratio is within a fraction of a percent of single-threaded
 * gzip at the same level. The output depends only on the input and the level, not on the number
 * of threads.
 *
 * <p>Memory: at most {@code 2 × threads + 1} blocks in flight, each with its compressed copy.
 */
final class ParallelGzipOutputStream extends OutputStream {

    /**
     * Input per block: large enough that restarting on a dictionary costs next to nothing, small
     * enough that a block and its output stay below the size the G1 collector treats as humongous.
     */
    static final int BLOCK_SIZE = 256 * 1024;
    private static final int DICTIONARY_SIZE = 32 * 1024;
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final OutputStream out;
    private final int level;
    private final @Nullable ThreadPoolExecutor workers;
    private final int maxInFlight;
    private final Deque<Future<Compressed>> inFlight = new ArrayDeque<>();
    private final ConcurrentLinkedQueue<Deflater> deflaters = new ConcurrentLinkedQueue<>();
    // Blocks and outputs are reused: a backup of many GB would otherwise allocate it all again.
    private final ConcurrentLinkedQueue<byte[]> freeBlocks = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<byte[]> freeOutputs = new ConcurrentLinkedQueue<>();
    private final CRC32 crc = new CRC32();
    private byte[] block = new byte[BLOCK_SIZE];
    private int filled;
    private byte[] dictionary = new byte[0];
    private long total;
    private boolean headerWritten;
    private boolean closed;

    /**
     * @param level 1 (fastest) to 9 (smallest)
     * @param threads compressing threads; 0 compresses on the calling thread
     */
    ParallelGzipOutputStream(OutputStream out, int level, int threads) {
        this.out = out;
        this.level = level;
        this.maxInFlight = Math.max(1, 2 * threads);
        // Idle workers end by themselves: a stream abandoned after a failure leaves no thread behind.
        this.workers = threads == 0 ? null : new ThreadPoolExecutor(threads, threads, 2, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "gzip-" + POOLS.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        if (workers != null) {
            workers.allowCoreThreadTimeOut(true);
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("gzip stream is closed");
        }
        crc.update(b, off, len);
        total += len;
        while (len > 0) {
            if (filled == block.length) {
                submit(false);
            }
            int n = Math.min(len, block.length - filled);
            System.arraycopy(b, off, block, filled, n);
            filled += n;
            off += n;
            len -= n;
        }
    }

    /** Writes what is complete; the current block waits for more data. */
    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** Compresses the rest, writes the trailer and closes the target. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            submit(true);
            while (!inFlight.isEmpty()) {
                writeOldest();
            }
            writeTrailer();
            out.close();
        } finally {
            closed = true;
            release();
        }
    }

    private void submit(boolean last) throws IOException {
        byte[] input = block;
        int length = filled;
        byte[] previous = dictionary;
        // The next block's dictionary is this block's tail (or, for a short block, the tail of both).
        dictionary = tail(previous, input, length);
        block = last ? block : newBlock();
        filled = 0;
        if (workers == null) {
            writeBlock(compress(input, length, previous, last));
            return;
        }
        FutureTask<Compressed> task = new FutureTask<>(() -> compress(input, length, previous, last));
        workers.execute(task);
        inFlight.addLast(task);
        while (inFlight.size() > maxInFlight) {
            writeOldest();
        }
    }

    private void writeOldest() throws IOException {
        Future<Compressed> oldest = inFlight.removeFirst();
        try {
            writeBlock(oldest.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while compressing");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException("gzip compression failed: " + cause, cause);
        }
    }

    private void writeBlock(Compressed compressed) throws IOException {
        if (!headerWritten) {
            out.write(HEADER);
            headerWritten = true;
        }
        out.write(compressed.data, 0, compressed.length);
        freeOutputs.offer(compressed.data);
    }

    private byte[] newBlock() {
        byte[] free = freeBlocks.poll();
        return free != null ? free : new byte[BLOCK_SIZE];
    }

    private byte[] newOutput(int size) {
        byte[] free = freeOutputs.poll();
        return free != null && free.length >= size ? free : new byte[size];
    }

    private void writeTrailer() throws IOException {
        byte[] trailer = new byte[8];
        long value = crc.getValue();
        for (int i = 0; i < 4; i++) {
            trailer[i] = (byte) (value >>> (8 * i));
            trailer[4 + i] = (byte) (total >>> (8 * i));
        }
        out.write(trailer);
    }

    /** Deflates one block as raw deflate data: a sync flush in the middle, the final block at the end. */
    private Compressed compress(byte[] input, int length, byte[] dictionary, boolean last) {
        Deflater deflater = deflaters.poll();
        if (deflater == null) {
            deflater = new Deflater(level, true);
        }
        try {
            if (dictionary.length > 0) {
                deflater.setDictionary(dictionary);
            }
            deflater.setInput(input, 0, length);
            byte[] output = newOutput(BLOCK_SIZE + BLOCK_SIZE / 8 + 64);
            int written = 0;
            if (last) {
                deflater.finish();
            }
            while (true) {
                int n = deflater.deflate(output, written, output.length - written, last ? Deflater.NO_FLUSH : Deflater.SYNC_FLUSH);
                written += n;
                boolean done = last ? deflater.finished() : written < output.length;
                if (done) {
                    break;
                }
                if (written == output.length) {
                    output = Arrays.copyOf(output, output.length * 2);
                }
            }
            return new Compressed(output, written);
        } finally {
            deflater.reset();
            deflaters.offer(deflater);
            if (input.length == BLOCK_SIZE) {
                freeBlocks.offer(input);
            }
        }
    }

    private static byte[] tail(byte[] previous, byte[] input, int length) {
        if (length >= DICTIONARY_SIZE) {
            return Arrays.copyOfRange(input, length - DICTIONARY_SIZE, length);
        }
        int fromPrevious = Math.min(previous.length, DICTIONARY_SIZE - length);
        byte[] tail = new byte[fromPrevious + length];
        System.arraycopy(previous, previous.length - fromPrevious, tail, 0, fromPrevious);
        System.arraycopy(input, 0, tail, fromPrevious, length);
        return tail;
    }

    private void release() {
        if (workers != null) {
            inFlight.forEach(future -> future.cancel(false));
            inFlight.clear();
            workers.shutdown();
        }
        Deflater deflater;
        while ((deflater = deflaters.poll()) != null) {
            deflater.end();
        }
    }

    private record Compressed(byte[] data, int length) {}
}
