;; A component exporting wasi:cli/run@0.2.0 with a synchronous run: needs the
;; component model, not async (exit 0).
(component
  (core module $m
    (func (export "run") (result i32) (i32.const 0)))
  (core instance $i (instantiate $m))
  (func $run (result (result)) (canon lift (core func $i "run")))
  (instance $run_inst (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $run_inst)))
