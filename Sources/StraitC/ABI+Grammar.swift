import CStrait
import Strait

/// The shared steps of the two compile functions: arguments, UTF-8, options.
private func compileGrammar(
  _ vocab: OpaquePointer?, _ text: UnsafePointer<CChar>?, _ length: Int,
  _ options: UnsafePointer<strait_compile_options>?, _ out: UnsafeMutablePointer<OpaquePointer?>?,
  textName: String, in function: StaticString,
  compile: (String, VocabularyBox, GrammarOptions) throws(StraitError) -> TokenAutomaton
) -> strait_status {
  guard let out else { return failNull("out", in: function) }
  var status = STRAIT_OK
  guard let box = Handles.vocabulary(vocab, &status, in: function) else { return status }
  guard length >= 0 else { return failSize("\(textName)_len", length, in: function) }
  guard let text else {
    return length == 0
      ? fail(STRAIT_INVALID_ARGUMENT, "\(function): \(textName) is empty")
      : failNull(textName, in: function)
  }
  let source: String
  switch UTF8Validation.string(text, length: length) {
  case .success(let s): source = s
  case .failure(let bad):
    return fail(
      STRAIT_INVALID_UTF8, "\(function): \(textName) is not valid UTF-8 at byte \(bad.value)")
  }
  let grammarOptions: GrammarOptions
  switch CompileOptionsReader.read(options, in: function) {
  case .success(let o): grammarOptions = o
  case .failure(let error): return error.status
  }
  do {
    let automaton = try compile(source, box, grammarOptions)
    return Handles.publish(GrammarBox(automaton), kind: .grammar, to: out, in: function)
  } catch {
    return fail(error, in: function)
  }
}

/// `strait_grammar_compile_schema` of the C ABI; documented in include/strait.h.
@_cdecl("strait_grammar_compile_schema")
public func strait_grammar_compile_schema(
  _ vocab: OpaquePointer?, _ schema: UnsafePointer<CChar>?, _ length: Int,
  _ options: UnsafePointer<strait_compile_options>?, _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> strait_status {
  compileGrammar(
    vocab, schema, length, options, out, textName: "schema", in: "strait_grammar_compile_schema"
  ) { (text, box, options) throws(StraitError) in
    try TokenAutomaton.compile(
      schema: text, vocabulary: box.vocabulary, trie: box.trie, options: options)
  }
}

/// `strait_grammar_compile_regex` of the C ABI; documented in include/strait.h.
@_cdecl("strait_grammar_compile_regex")
public func strait_grammar_compile_regex(
  _ vocab: OpaquePointer?, _ regex: UnsafePointer<CChar>?, _ length: Int,
  _ options: UnsafePointer<strait_compile_options>?, _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> strait_status {
  compileGrammar(
    vocab, regex, length, options, out, textName: "regex", in: "strait_grammar_compile_regex"
  ) { (text, box, options) throws(StraitError) in
    try TokenAutomaton.compile(
      regex: text, vocabulary: box.vocabulary, trie: box.trie, options: options)
  }
}

/// `strait_grammar_precompile` of the C ABI; documented in include/strait.h.
@_cdecl("strait_grammar_precompile")
public func strait_grammar_precompile(
  _ grammar: OpaquePointer?, _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> strait_status {
  let function: StaticString = "strait_grammar_precompile"
  guard let out else { return failNull("out", in: function) }
  var status = STRAIT_OK
  guard let box = Handles.grammar(grammar, &status, in: function) else { return status }
  do {
    let eager = try box.automaton.precompiled()
    return Handles.publish(GrammarBox(eager), kind: .grammar, to: out, in: function)
  } catch {
    return fail(error, in: function)
  }
}

/// `strait_grammar_free` of the C ABI; documented in include/strait.h.
@_cdecl("strait_grammar_free")
public func strait_grammar_free(_ grammar: OpaquePointer?) -> strait_status {
  Handles.free(grammar, kind: .grammar, in: "strait_grammar_free")
}

/// `strait_grammar_bitmask_words` of the C ABI; documented in include/strait.h.
@_cdecl("strait_grammar_bitmask_words")
public func strait_grammar_bitmask_words(_ grammar: OpaquePointer?, _ out: UnsafeMutablePointer<Int>?)
  -> strait_status
{
  let function: StaticString = "strait_grammar_bitmask_words"
  var status = STRAIT_OK
  guard let box = Handles.grammar(grammar, &status, in: function) else { return status }
  guard let out else { return failNull("out_words", in: function) }
  out.pointee = box.automaton.bitmaskWordCount
  return STRAIT_OK
}

/// `strait_grammar_logits_width` of the C ABI; documented in include/strait.h.
@_cdecl("strait_grammar_logits_width")
public func strait_grammar_logits_width(_ grammar: OpaquePointer?, _ out: UnsafeMutablePointer<Int>?)
  -> strait_status
{
  let function: StaticString = "strait_grammar_logits_width"
  var status = STRAIT_OK
  guard let box = Handles.grammar(grammar, &status, in: function) else { return status }
  guard let out else { return failNull("out_width", in: function) }
  out.pointee = box.automaton.logitsWidth
  return STRAIT_OK
}
