package io.github.embeddedbackup.storage.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay on 127.0.0.1 in front of a server. After {@code cutAfter} bytes towards the server it
 * closes every connection; while {@code refuseAfterCut} is set it then also closes new connections at
 * once, like a server that died. Only loopback traffic; it stops with {@link #close()}.
 */
final class CuttingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final URI target;
    private final long cutAfter;
    private final boolean refuseAfterCut;
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicBoolean cut = new AtomicBoolean();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    CuttingProxy(URI target, long cutAfter, boolean refuseAfterCut) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.target = target;
        this.cutAfter = cutAfter;
        this.refuseAfterCut = refuseAfterCut;
        this.acceptor = new Thread(this::accept, "cutting-proxy");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    boolean wasCut() {
        return cut.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (cut.get() && refuseAfterCut) {
                    client.close();
                    continue;
                }
                Socket server = new Socket(target.getHost(), target.getPort());
                sockets.add(client);
                sockets.add(server);
                pump(client, server, true);
                pump(server, client, false);
            } catch (IOException e) {
                // listener closed, or one connection failed: keep serving the others
            }
        }
    }

    private void pump(Socket from, Socket to, boolean countTowardsServer) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (countTowardsServer && forwarded.addAndGet(n) > cutAfter && cut.compareAndSet(false, true)) {
                        closeAll();
                        return;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // closed by the cut or by the peer
            } finally {
                quietlyClose(from);
                quietlyClose(to);
            }
        }, "cutting-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private void closeAll() {
        sockets.forEach(CuttingProxy::quietlyClose);
        sockets.clear();
    }

    private static void quietlyClose(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        closeAll();
    }
}
