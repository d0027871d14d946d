;; `similar:`'s scan (similar.ts): the dot product of one int8 query vector with each of n stored
;; int8 vectors, sixteen dimensions at a time (wasm SIMD). Compiled at build time (vite.config.ts
;; `watModules`, with wabt). Memory is the caller's: vectors at `vectors` (n rows of `dims` bytes,
;; `dims` a multiple of 16), the query at `query` (dims bytes), one i32 per vector out at `out`.
(module
  (import "env" "memory" (memory 1))
  (func (export "dots") (param $vectors i32) (param $n i32) (param $dims i32) (param $query i32) (param $out i32)
    (local $i i32) (local $j i32) (local $row i32) (local $acc v128) (local $q v128) (local $v v128)
    (local.set $row (local.get $vectors))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (v128.const i32x4 0 0 0 0))
        (local.set $j (i32.const 0))
        (loop $columns
          (local.set $q (v128.load (i32.add (local.get $query) (local.get $j))))
          (local.set $v (v128.load (i32.add (local.get $row) (local.get $j))))
          ;; 16 products of two int8s (each fits an i16), summed pairwise into four i32 lanes.
          (local.set $acc
            (i32x4.add (local.get $acc)
              (i32x4.add
                (i32x4.extadd_pairwise_i16x8_s (i16x8.extmul_low_i8x16_s (local.get $q) (local.get $v)))
                (i32x4.extadd_pairwise_i16x8_s (i16x8.extmul_high_i8x16_s (local.get $q) (local.get $v))))))
          (local.set $j (i32.add (local.get $j) (i32.const 16)))
          (br_if $columns (i32.lt_u (local.get $j) (local.get $dims))))
        (i32.store
          (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2)))
          (i32.add
            (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
            (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))
        (local.set $row (i32.add (local.get $row) (local.get $dims)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))))
