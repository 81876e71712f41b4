;; A core WebAssembly module: runs on any WASI runtime (exit 0).
(module
  (memory (export "memory") 1)
  (func (export "_start")))
