;; The hard swish of MobileNetV3 (CenterNet's backbone) in one pass with wasm SIMD, on the memory of
;; tfjs's wasm backend itself (hard-swish.ts imports it): out = (x × m) × min(max(x + a, 0), 6), the
;; graph's own four operations in their own order, so each value is the graph's to the bit.
;; Compiled at build time (vite.config.ts `watModules`, with wabt).
(module
  (import "env" "memory" (memory 1))

  ;; `n` floats at `in` → `n` floats at `out`; four at a time, then the last few one by one.
  (func (export "hardSwish") (param $in i32) (param $out i32) (param $n i32) (param $m f32) (param $a f32)
    (local $end i32) (local $last i32) (local $v v128) (local $mv v128) (local $av v128) (local $f f32)
    (local.set $end (i32.add (local.get $in) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (local.set $last (i32.add (local.get $in) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $mv (f32x4.splat (local.get $m)))
    (local.set $av (f32x4.splat (local.get $a)))
    (block $fours
      (loop $four
        (br_if $fours (i32.ge_u (local.get $in) (local.get $end)))
        (local.set $v (v128.load (local.get $in)))
        (v128.store (local.get $out)
          (f32x4.mul
            (f32x4.mul (local.get $v) (local.get $mv))
            (f32x4.min
              (f32x4.max (f32x4.add (local.get $v) (local.get $av)) (v128.const f32x4 0 0 0 0))
              (v128.const f32x4 6 6 6 6))))
        (local.set $in (i32.add (local.get $in) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br $four)))
    (block $ones
      (loop $one
        (br_if $ones (i32.ge_u (local.get $in) (local.get $last)))
        (local.set $f (f32.load (local.get $in)))
        (f32.store (local.get $out)
          (f32.mul
            (f32.mul (local.get $f) (local.get $m))
            (f32.min (f32.max (f32.add (local.get $f) (local.get $a)) (f32.const 0)) (f32.const 6))))
        (local.set $in (i32.add (local.get $in) (i32.const 4)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $one))))
)
