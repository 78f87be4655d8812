// libFuzzer entry for the Python scanner and action discovery: any bytes must tokenize,
// summarise and discover without a crash or a hang. Built by fuzz/run together with
// Sources/PythonSource and Sources/Discovery.

import PythonSource

@_cdecl("LLVMFuzzerTestOneInput")
public func pythonScannerFuzz(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
  let bytes = Array(UnsafeRawBufferPointer(start: data, count: size))
  let (tokens, _) = PythonTokenizer.tokenize(bytes)
  for token in tokens {
    precondition(token.byteRange.lowerBound <= token.byteRange.upperBound && token.byteRange.upperBound <= bytes.count, "token outside the input")
  }
  let summary = PythonModuleSummary.scan(bytes)
  let result = ActionDiscovery.discover(modules: [(path: "plugin/fuzz.py", summary: summary)])
  for action in result.actions {
    if let params = action.params { _ = FormKit.uiSchema(for: params, actionName: action.name) }
  }
  return 0
}
