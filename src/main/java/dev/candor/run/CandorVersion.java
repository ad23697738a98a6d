package dev.candor.run;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The Candor version stamped into every run (from the build). */
public final class CandorVersion {
  private static final String VERSION = load();

  private CandorVersion() {}

  public static String get() { return VERSION; }

  private static String load() {
    try (InputStream in = CandorVersion.class.getResourceAsStream("/candor-version.properties")) {
      if (in == null) return "dev";
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "dev");
      return v.startsWith("${") ? "dev" : v;
    } catch (IOException e) {
      return "dev";
    }
  }
}
