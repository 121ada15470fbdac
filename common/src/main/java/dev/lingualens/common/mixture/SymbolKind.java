package dev.lingualens.common.mixture;

/** What a merge list's base symbols are. */
public enum SymbolKind {
  /**
   * UTF-8 bytes spelled in the GPT-2 byte alphabet (GPT-2/3.5/4o, Llama 3, Qwen, DeepSeek, Claude).
   */
  BYTE_LEVEL,
  /**
   * Unicode code points with {@code ▁} for spaces (SentencePiece conversions: Llama 2, Mistral,
   * Gemma).
   */
  CHARACTER
}
