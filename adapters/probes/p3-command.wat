;; A component exporting wasi:cli/run@0.3.0 with an async-lifted run that
;; returns through task.return: needs component-model async (exit 0).
(component
  (core module $m
    (import "host" "task-return" (func $task_return (param i32)))
    (func (export "run") (result i32)
      (call $task_return (i32.const 0))
      (i32.const 0))
    (func (export "callback") (param i32 i32 i32) (result i32) unreachable))
  (core func $task_return (canon task.return (result (result))))
  (core instance $host (export "task-return" (func $task_return)))
  (core instance $i (instantiate $m (with "host" (instance $host))))
  (func $run async (result (result)) (canon lift (core func $i "run") async (callback (core func $i "callback"))))
  (instance $run_inst (export "run" (func $run)))
  (export "wasi:cli/run@0.3.0" (instance $run_inst)))
