package dev.candor;

import dev.candor.InvalidSetting.Setting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;

/** Writes a figure as PNG or SVG by the file's extension ({@code .png} or {@code .svg}, any case), making its folder. */
public final class FigureFile {
  private FigureFile() {}

  public static void write(Path file, Supplier<byte[]> png, Supplier<String> svg) throws IOException {
    String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
    byte[] bytes;
    if (n.endsWith(".png")) bytes = png.get();
    else if (n.endsWith(".svg")) bytes = svg.get().getBytes(StandardCharsets.UTF_8);
    else throw InvalidSetting.of(Setting.FIGURE, "'" + file + "' must end in .png or .svg");
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) Files.createDirectories(parent);
    Files.write(file, bytes);
  }

  /** The smallest 1, 2 or 5 times a power of ten that is at least {@code v} (v > 0): a tick step for an axis. */
  public static double niceStep(double v) {
    double p = Math.pow(10, Math.floor(Math.log10(v)));
    double f = v / p;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
  }
}
