package dev.lingualens.common.mixture;

import java.nio.charset.StandardCharsets;

/**
 * GPT-2's byte → printable character table: byte-level BPE merge lists spell every byte as one
 * visible character (space = {@code Ġ} U+0120, newline = {@code Ċ} U+010A), so pair counts must be
 * keyed in the same alphabet or no merge would ever match.
 */
public final class ByteAlphabet {
  private static final char[] BYTE_TO_CHAR = new char[256];
  private static final int[] CHAR_TO_BYTE = new int[0x200];

  static {
    java.util.Arrays.fill(CHAR_TO_BYTE, -1);
    int next = 0;
    for (int b = 0; b < 256; b++) {
      boolean printable =
          (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
      // Printable Latin-1 bytes keep their own code point; the rest are moved to 256 + k in byte
      // order.
      char c = printable ? (char) b : (char) (256 + next++);
      BYTE_TO_CHAR[b] = c;
      CHAR_TO_BYTE[c] = b;
    }
  }

  private ByteAlphabet() {}

  public static char charOf(int unsignedByte) {
    return BYTE_TO_CHAR[unsignedByte & 0xFF];
  }

  /** The UTF-8 bytes of {@code text}, each spelled as its printable character. */
  public static String encode(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    char[] out = new char[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      out[i] = BYTE_TO_CHAR[bytes[i] & 0xFF];
    }
    return new String(out);
  }

  /**
   * The inverse of {@link #encode}; characters outside the alphabet are an error naming the
   * character.
   */
  public static byte[] decode(String symbols) {
    byte[] out = new byte[symbols.length()];
    for (int i = 0; i < symbols.length(); i++) {
      char c = symbols.charAt(i);
      int b = c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
      if (b < 0) {
        throw new IllegalArgumentException(
            "'"
                + c
                + "' (U+"
                + Integer.toHexString(c).toUpperCase()
                + ") in '"
                + symbols
                + "' is not a character of the GPT-2 byte alphabet");
      }
      out[i] = (byte) b;
    }
    return out;
  }
}
