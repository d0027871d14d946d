;; Lanczos3 downsampling of opaque RGBA pictures with wasm SIMD (lanczos.ts builds the filters and
;; owns the memory). Compiled at build time (vite.config.ts `watModules`, with wabt).
;;
;; Two separable passes through a 16-bit intermediate, in fixed point: weights are i16 summing to
;; 2^14. `horizontal` turns each source row into a row of the output's width (four i16 per pixel,
;; the value × 2^6), two taps at a time (`i32x4.dot_i16x8_s`); `vertical` makes each output row
;; from k intermediate rows, two pixels at a time. A filter table holds, per output pixel (or row),
;; its first source pixel (i32) and k weights (i16): every output has k taps, zero-padded, and no
;; tap outside the source (lanczos.ts shifts the window inside it).
(module
  (import "env" "memory" (memory 1))

  ;; `sh` rows of `sw` RGBA pixels at `src` → `sh` rows of `dw` pixels (i16 × 4) at `out`.
  ;; k is even; the table holds `dw` records of 4 + 2k bytes.
  (func (export "horizontal") (param $src i32) (param $sw i32) (param $sh i32) (param $table i32) (param $k i32) (param $dw i32) (param $out i32)
    (local $y i32) (local $x i32) (local $row i32) (local $rec i32) (local $p i32) (local $w i32) (local $end i32) (local $acc v128)
    (local.set $row (local.get $src))
    (loop $rows
      (local.set $rec (local.get $table))
      (local.set $x (i32.const 0))
      (loop $columns
        (local.set $p (i32.add (local.get $row) (i32.shl (i32.load (local.get $rec)) (i32.const 2))))
        (local.set $w (i32.add (local.get $rec) (i32.const 4)))
        (local.set $end (i32.add (local.get $w) (i32.shl (local.get $k) (i32.const 1))))
        (local.set $acc (v128.const i32x4 0 0 0 0))
        (loop $taps
          ;; Two pixels r0 g0 b0 a0 r1 g1 b1 a1 as i16 lanes r0 r1 g0 g1 b0 b1 a0 a1, times the
          ;; weight pair w0 w1 repeated: one i32 sum per channel.
          (local.set $acc
            (i32x4.add (local.get $acc)
              (i32x4.dot_i16x8_s
                (i8x16.shuffle 0 16 4 16 1 16 5 16 2 16 6 16 3 16 7 16
                  (v128.load64_zero (local.get $p)) (v128.const i32x4 0 0 0 0))
                (v128.load32_splat (local.get $w)))))
          (local.set $p (i32.add (local.get $p) (i32.const 8)))
          (local.set $w (i32.add (local.get $w) (i32.const 4)))
          (br_if $taps (i32.lt_u (local.get $w) (local.get $end))))
        ;; × 2^14 → × 2^6, rounded; saturated into i16.
        (local.set $acc (i32x4.shr_s (i32x4.add (local.get $acc) (v128.const i32x4 128 128 128 128)) (i32.const 8)))
        (v128.store64_lane 0 (local.get $out) (i16x8.narrow_i32x4_s (local.get $acc) (local.get $acc)))
        (local.set $out (i32.add (local.get $out) (i32.const 8)))
        (local.set $rec (local.get $end))
        (local.set $x (i32.add (local.get $x) (i32.const 1)))
        (br_if $columns (i32.lt_u (local.get $x) (local.get $dw))))
      (local.set $row (i32.add (local.get $row) (i32.shl (local.get $sw) (i32.const 2))))
      (local.set $y (i32.add (local.get $y) (i32.const 1)))
      (br_if $rows (i32.lt_u (local.get $y) (local.get $sh)))))

  ;; Intermediate rows of `dw` pixels at `in` → `dh` rows of RGBA at `out`. The table holds `dh`
  ;; records of 4 + 2k bytes. Two pixels at a time: with an odd `dw` each row's last step reads 8 bytes past
  ;; its intermediate row and writes 4 past its output row (the caller leaves room after both).
  (func (export "vertical") (param $in i32) (param $dw i32) (param $table i32) (param $k i32) (param $dh i32) (param $out i32)
    (local $y i32) (local $stride i32) (local $rec i32) (local $base i32) (local $x i32) (local $p i32) (local $w i32) (local $end i32)
    (local $q i32) (local $lo v128) (local $hi v128) (local $v v128) (local $t v128)
    (local.set $stride (i32.shl (local.get $dw) (i32.const 3)))
    (local.set $rec (local.get $table))
    (loop $rows
      (local.set $base (i32.add (local.get $in) (i32.mul (i32.load (local.get $rec)) (local.get $stride))))
      (local.set $end (i32.add (i32.add (local.get $rec) (i32.const 4)) (i32.shl (local.get $k) (i32.const 1))))
      (local.set $q (i32.add (local.get $out) (i32.shl (i32.mul (local.get $y) (local.get $dw)) (i32.const 2))))
      (local.set $x (i32.const 0))
      (loop $columns
        (local.set $p (i32.add (local.get $base) (local.get $x)))
        (local.set $w (i32.add (local.get $rec) (i32.const 4)))
        (local.set $lo (v128.const i32x4 0 0 0 0))
        (local.set $hi (v128.const i32x4 0 0 0 0))
        (loop $taps
          (local.set $v (v128.load (local.get $p)))
          (local.set $t (v128.load16_splat (local.get $w)))
          (local.set $lo (i32x4.add (local.get $lo) (i32x4.extmul_low_i16x8_s (local.get $v) (local.get $t))))
          (local.set $hi (i32x4.add (local.get $hi) (i32x4.extmul_high_i16x8_s (local.get $v) (local.get $t))))
          (local.set $p (i32.add (local.get $p) (local.get $stride)))
          (local.set $w (i32.add (local.get $w) (i32.const 2)))
          (br_if $taps (i32.lt_u (local.get $w) (local.get $end))))
        ;; × 2^20 → bytes, rounded and clamped to 0–255.
        (local.set $lo (i32x4.shr_s (i32x4.add (local.get $lo) (v128.const i32x4 0x80000 0x80000 0x80000 0x80000)) (i32.const 20)))
        (local.set $hi (i32x4.shr_s (i32x4.add (local.get $hi) (v128.const i32x4 0x80000 0x80000 0x80000 0x80000)) (i32.const 20)))
        (v128.store64_lane 0 (local.get $q)
          (i8x16.narrow_i16x8_u (i16x8.narrow_i32x4_s (local.get $lo) (local.get $hi)) (v128.const i32x4 0 0 0 0)))
        (local.set $q (i32.add (local.get $q) (i32.const 8)))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (br_if $columns (i32.lt_u (local.get $x) (local.get $stride))))
      (local.set $rec (local.get $end))
      (local.set $y (i32.add (local.get $y) (i32.const 1)))
      (br_if $rows (i32.lt_u (local.get $y) (local.get $dh)))))

  ;; 1 when each of the `n` RGBA pixels at `p` has alpha 255, else 0.
  (func (export "opaque") (param $p i32) (param $n i32) (result i32)
    (local $end i32) (local $all v128)
    (local.set $all (v128.const i32x4 -1 -1 -1 -1))
    (local.set $end (i32.add (local.get $p) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $wide
      (loop $fours
        (br_if $wide (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $all (v128.and (local.get $all) (v128.load (local.get $p))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $fours)))
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $n) (i32.const 3)) (i32.const 2))))
    (block $narrow
      (loop $ones
        (br_if $narrow (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $all (v128.and (local.get $all) (v128.load32_splat (local.get $p))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $ones)))
    (i32x4.all_true (i32x4.ge_u (local.get $all) (v128.const i32x4 0xff000000 0xff000000 0xff000000 0xff000000)))))
