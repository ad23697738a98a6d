package dev.candor.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candor.InvalidSetting;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL credentials are what the caller gives ({@link Store.Options}; the command line reads them from its
 * environment), and the password never reaches the error. A loopback socket speaking the start of the PostgreSQL
 * protocol records the user, database and password the driver sends, then refuses the password.
 */
class StoreCredentialsTest {
  static final int SSL_REQUEST = 80877103, GSS_REQUEST = 80877104;

  @Test
  void theGivenUserAndPasswordAreSentAndThePasswordIsNeverShown() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Map<String, String>> seen = new CompletableFuture<>();
      Thread t = new Thread(() -> serve(server, seen), "fake-postgres");
      t.setDaemon(true);
      t.start();
      String url = "jdbc:postgresql://127.0.0.1:" + server.getLocalPort() + "/candor?connectTimeout=5&socketTimeout=5";
      var options = new Store.Options("alice", "pw-never-shown-123", Store.Options.DEFAULT.cache());
      assertThatThrownBy(() -> Store.open(url, Store.Access.READ, options)).isInstanceOf(InvalidSetting.class)
          .hasMessageContaining("cannot open database").hasMessageNotContaining("pw-never-shown-123");
      assertThat(seen.get(10, TimeUnit.SECONDS)).containsEntry("user", "alice").containsEntry("database", "candor")
          .containsEntry("password", "pw-never-shown-123");
      assertThat(options.toString()).doesNotContain("pw-never-shown-123");
    }
  }

  /** Answers every connection: no TLS, asks for a clear-text password, refuses it; the first one's fields go to {@code seen}. */
  static void serve(ServerSocket server, CompletableFuture<Map<String, String>> seen) {
    while (!server.isClosed()) {
      try (Socket s = server.accept()) {
        s.setSoTimeout(5000);
        DataInputStream in = new DataInputStream(s.getInputStream());
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        Map<String, String> fields = new LinkedHashMap<>();
        while (true) {
          int len = in.readInt(), code = in.readInt();
          if (code == SSL_REQUEST || code == GSS_REQUEST) {
            out.write('N');
            out.flush();
            continue;
          }
          byte[] body = in.readNBytes(len - 8);
          String[] kv = new String(body, StandardCharsets.UTF_8).split("\0");
          for (int i = 0; i + 1 < kv.length; i += 2) fields.put(kv[i], kv[i + 1]);
          break;
        }
        out.write('R');
        out.writeInt(8);
        out.writeInt(3); // AuthenticationCleartextPassword
        out.flush();
        if (in.readByte() == 'p') {
          byte[] pw = in.readNBytes(in.readInt() - 4);
          fields.put("password", new String(pw, 0, pw.length - 1, StandardCharsets.UTF_8));
        }
        byte[] error = "SFATAL\0C28P01\0Mpassword authentication failed\0\0".getBytes(StandardCharsets.UTF_8);
        out.write('E');
        out.writeInt(4 + error.length);
        out.write(error);
        out.flush();
        seen.complete(fields);
      } catch (IOException e) {
        // closed at the end of the test, or a connection the driver dropped
      }
    }
  }
}
