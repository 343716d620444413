// Package md5wasm writes MD5's block function as a small WebAssembly
// module of its own, for the service worker to hash a download while it
// arrives.
//
// Why not crypto/md5 in core.wasm: the Go compiler's WebAssembly keeps
// every integer in an i64 and masks each 32-bit result. MD5 is nothing
// but 32-bit adds, logic and rotations, which WebAssembly has as single
// instructions; written with them directly, and with each step's adds
// ordered so that only f, one add, the rotation and one add wait for
// the step before, it runs as fast as Go's native assembly on this
// project's test machine (Node 20, TurboFan: 610–645 MB/s against
// 618 MB/s natively and about 400 MB/s for crypto/md5 compiled to
// WebAssembly). With the copies of a download's chunks, BenchmarkMD5 in
// wasm/jsx gives 540 against 425 MB/s; in Chromium's service worker, a
// 64 MiB download's hash took 140–165 ms of the worker's time against
// 212–225 ms (sharebench -profile). The bytes are hashed where they are,
// in JavaScript, without a copy into Go's memory.
//
// The module is written here, in Go (build, in this file), and its bytes
// are kept in module.go as a string, which TestModuleUpToDate checks and
// `go test ./wasm/md5wasm -update` writes again: the writer itself would
// cost core.wasm some 30 KB, the bytes 2.4 KB.
//
// The module exports:
//
//	mem             its memory: the state (A, B, C, D) at 0..16, the
//	                data at DataOffset, up to DataSize bytes
//	blocks(p, n)    hashes the n 64-byte blocks at p into the state
//
// Padding and the length are the caller's (jsx.MD5).
package md5wasm

// Where the module's memory holds what.
const (
	// StateOffset is where the four 32-bit words of the state are.
	StateOffset = 0
	// DataOffset is where the bytes to hash are put.
	DataOffset = 64
	// DataSize is the most bytes hashed in one call (a multiple of 64).
	DataSize = 2 << 20
	// pages is the memory's size in 64 KiB pages: the state and the data.
	pages = (DataOffset+DataSize)/65536 + 1
)

// Init is MD5's initial state, to be stored at StateOffset.
var Init = [4]uint32{0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476}

// WebAssembly opcodes the block function uses.
const (
	opBlock    = 0x02
	opLoop     = 0x03
	opEnd      = 0x0b
	opBr       = 0x0c
	opBrIf     = 0x0d
	opLocalGet = 0x20
	opLocalSet = 0x21
	opI32Load  = 0x28
	opI32Store = 0x36
	opI32Const = 0x41
	opI32Eqz   = 0x45
	opI32Add   = 0x6a
	opI32Sub   = 0x6b
	opI32And   = 0x71
	opI32Or    = 0x72
	opI32Xor   = 0x73
	opI32Rotl  = 0x77
	blockVoid  = 0x40
	typeI32    = 0x7f
)

// The function's locals: the two parameters, the state and its copy.
const (
	lP, lN             = 0, 1
	lA, lB, lC, lD     = 2, 3, 4, 5
	lAA, lBB, lCC, lDD = 6, 7, 8, 9
	extraLocals        = 8
)

// shifts are the rotations of each round's four steps (RFC 1321).
var shifts = [4][4]byte{{7, 12, 17, 22}, {5, 9, 14, 20}, {4, 11, 16, 23}, {6, 10, 15, 21}}

// sines is T[i] = floor(|sin(i+1)| × 2³²) (RFC 1321, 3.4), written out:
// math.Sin would add some 50 KB to core.wasm (TestSines checks them).
var sines = [64]uint32{
	0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee,
	0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
	0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be,
	0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
	0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa,
	0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
	0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed,
	0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
	0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
	0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
	0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05,
	0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
	0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039,
	0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
	0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
	0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
}

// Module is the WebAssembly module's bytes.
func Module() []byte { return []byte(module) }

// build writes the WebAssembly module.
func build() []byte {
	var m []byte
	m = append(m, 0, 'a', 's', 'm', 1, 0, 0, 0)
	// type 0: (i32, i32) -> ()
	m = section(m, 1, []byte{1, 0x60, 2, typeI32, typeI32, 0})
	// function 0 has type 0
	m = section(m, 3, []byte{1, 0})
	// one memory of pages, without a maximum
	m = section(m, 5, uleb([]byte{1, 0}, pages))
	exp := []byte{2}
	exp = append(name(exp, "mem"), 0x02, 0)
	exp = append(name(exp, "blocks"), 0x00, 0)
	m = section(m, 7, exp)
	body := uleb(nil, 1) // one declaration of locals
	body = uleb(body, extraLocals)
	body = append(body, typeI32)
	body = append(body, blocksCode()...)
	code := uleb(nil, 1)
	code = uleb(code, uint32(len(body)))
	m = section(m, 10, append(code, body...))
	return m
}

// blocksCode is the body of blocks(p, n).
func blocksCode() []byte {
	var c []byte
	get := func(l byte) { c = append(c, opLocalGet, l) }
	set := func(l byte) { c = append(c, opLocalSet, l) }
	i32 := func(v int32) { c = sleb(append(c, opI32Const), v) }
	op := func(o ...byte) { c = append(c, o...) }
	load := func(off uint32) { c = uleb(append(c, opI32Load, 2), off) }
	store := func(off uint32) { c = uleb(append(c, opI32Store, 2), off) }

	state := [4]byte{lA, lB, lC, lD}
	for i, l := range state {
		i32(0)
		load(StateOffset + uint32(4*i))
		set(l)
	}
	op(opBlock, blockVoid, opLoop, blockVoid)
	// while n != 0
	get(lN)
	op(opI32Eqz, opBrIf, 1)
	for i := range 4 {
		get(state[i])
		set(lAA + byte(i))
	}
	for i := range 64 {
		round := i / 16
		// The step's registers turn: (a b c d), (d a b c), (c d a b), (b c d a).
		w, x, y, z := state[(4-i%4)%4], state[(5-i%4)%4], state[(6-i%4)%4], state[(7-i%4)%4]
		var k int
		switch round {
		case 0:
			k = i
		case 1:
			k = (1 + 5*i) % 16
		case 2:
			k = (5 + 3*i) % 16
		default:
			k = (7 * i) % 16
		}
		// w = x + rotl(w + X[k] + T[i] + f(x, y, z), s), in that order:
		// w + X[k] + T[i] does not wait for the step before, so only
		// f, one add, the rotation and one add are on the chain of
		// steps (the CPU cannot reorder the adds itself).
		get(w)
		get(lP)
		load(uint32(4 * k))
		op(opI32Add)
		i32(int32(sines[i]))
		op(opI32Add)
		switch round {
		case 0: // F = z ^ (x & (y ^ z))
			get(z)
			get(x)
			get(y)
			get(z)
			op(opI32Xor, opI32And, opI32Xor)
		case 1: // G = (x & z) | (y & ^z), whose two halves have no bit in
			// common: (y & ^z) is added first, then (x & z), which waits
			// for x.
			get(y)
			get(z)
			i32(-1)
			op(opI32Xor, opI32And, opI32Add)
			get(x)
			get(z)
			op(opI32And)
		case 2: // H = x ^ (y ^ z)
			get(y)
			get(z)
			op(opI32Xor)
			get(x)
			op(opI32Xor)
		default: // I = y ^ (x | ^z)
			get(y)
			get(x)
			get(z)
			i32(-1)
			op(opI32Xor, opI32Or, opI32Xor)
		}
		op(opI32Add)
		i32(int32(shifts[round][i%4]))
		op(opI32Rotl)
		get(x)
		op(opI32Add)
		set(w)
	}
	for i := range 4 {
		get(state[i])
		get(lAA + byte(i))
		op(opI32Add)
		set(state[i])
	}
	// p += 64; n -= 1
	get(lP)
	i32(64)
	op(opI32Add)
	set(lP)
	get(lN)
	i32(1)
	op(opI32Sub)
	set(lN)
	op(opBr, 0, opEnd, opEnd)
	for i, l := range state {
		i32(0)
		get(l)
		store(StateOffset + uint32(4*i))
	}
	return append(c, opEnd)
}

// section appends a section: its id, its length and its bytes.
func section(m []byte, id byte, b []byte) []byte {
	m = append(m, id)
	m = uleb(m, uint32(len(b)))
	return append(m, b...)
}

// name appends a name: its length and its UTF-8.
func name(b []byte, s string) []byte { return append(uleb(b, uint32(len(s))), s...) }

// uleb appends v as unsigned LEB128.
func uleb(b []byte, v uint32) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v == 0 {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

// sleb appends v as signed LEB128.
func sleb(b []byte, v int32) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if (v == 0 && c&0x40 == 0) || (v == -1 && c&0x40 != 0) {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}
