/// The family of a tokenizer, which decides how a token's text becomes its bytes.
///
/// Every kind ends in the same place: ``Vocabulary/bytes(of:)`` gives the exact bytes the
/// model's decoder emits for a token. The kind tells where they came from.
public enum TokenizerKind: String, Sendable, CaseIterable {
  /// Hugging Face BPE whose decoder is `ByteLevel` (GPT-2, Llama 3, Qwen2.5): token text is
  /// mapped back through the GPT-2 byte-to-unicode table.
  case byteLevelBPE
  /// Hugging Face BPE in the SentencePiece style (Llama 2, Phi-3, Mistral): `▁` is a space and
  /// `<0xNN>` byte-fallback tokens are the single byte `0xNN`.
  case sentencePieceBPE
  /// Hugging Face Unigram (a list of `[piece, score]`), decoded like ``sentencePieceBPE``.
  case unigram
  /// A tiktoken rank file: each line is a base64 token and its rank (the token id).
  case tiktoken
  /// A GGUF model whose `tokenizer.ggml.model` is `llama` (SentencePiece pieces).
  case ggufSentencePiece
  /// A GGUF model whose `tokenizer.ggml.model` is `gpt2` (byte-level BPE).
  case ggufByteLevelBPE
  /// A GGUF model whose `tokenizer.ggml.model` is `t5` (SentencePiece Unigram pieces).
  case ggufUnigram
  /// Token bytes handed over by a host (``Vocabulary/init(tokenBytes:special:eos:logitsWidth:kind:)``).
  case tokenBytes
}
