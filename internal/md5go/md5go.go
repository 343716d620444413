// Package md5go is MD5 (RFC 1321) in plain Go, as a hash.Hash: what
// protocol.FileMD5 uses in the WebAssembly build.
//
// Why not crypto/md5 there: in a WebAssembly build it runs generic Go
// code like this, but links Go's FIPS 140 module with it (SHA-2, SHA-3,
// HMAC, AES, a DRBG), about 190 KB of core.wasm, and the service
// worker's wake time follows that size (README, "Why"). Native builds
// keep crypto/md5 and its assembly. TestMatchesCryptoMD5 checks it.
package md5go

import (
	"encoding/binary"
	"hash"
	"math/bits"
)

// Size is the length of a digest in bytes; BlockSize of a block.
const (
	Size      = 16
	BlockSize = 64
)

var shifts = [4][4]int{{7, 12, 17, 22}, {5, 9, 14, 20}, {4, 11, 16, 23}, {6, 10, 15, 21}}

// table is K[i] = floor(abs(sin(i+1)) × 2^32) of RFC 1321.
var table = [64]uint32{
	0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
	0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
	0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
	0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
	0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
	0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
	0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
	0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
}

type digest struct {
	s   [4]uint32
	buf [BlockSize]byte
	nb  int    // bytes in buf
	len uint64 // bytes written
}

// New returns a new MD5 hash.
func New() hash.Hash {
	d := &digest{}
	d.Reset()
	return d
}

func (d *digest) Reset() {
	d.s = [4]uint32{0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476}
	d.nb, d.len = 0, 0
}

func (d *digest) Size() int      { return Size }
func (d *digest) BlockSize() int { return BlockSize }

func (d *digest) Write(p []byte) (int, error) {
	n := len(p)
	d.len += uint64(n)
	if d.nb > 0 {
		c := copy(d.buf[d.nb:], p)
		d.nb += c
		p = p[c:]
		if d.nb < BlockSize {
			return n, nil
		}
		block(&d.s, d.buf[:])
		d.nb = 0
	}
	for len(p) >= BlockSize {
		block(&d.s, p[:BlockSize])
		p = p[BlockSize:]
	}
	d.nb = copy(d.buf[:], p)
	return n, nil
}

// Sum appends the digest of what was written to b, leaving d as it is.
func (d *digest) Sum(b []byte) []byte {
	c := *d
	var pad [BlockSize + 8]byte
	pad[0] = 0x80
	n := 56 - int(c.len%BlockSize)
	if n <= 0 {
		n += BlockSize
	}
	binary.LittleEndian.PutUint64(pad[n:], c.len<<3)
	_, _ = c.Write(pad[:n+8])
	for _, v := range c.s {
		b = binary.LittleEndian.AppendUint32(b, v)
	}
	return b
}

func block(s *[4]uint32, p []byte) {
	var x [16]uint32
	for i := range x {
		x[i] = binary.LittleEndian.Uint32(p[4*i:])
	}
	a, b, c, d := s[0], s[1], s[2], s[3]
	for i := range 64 {
		var f uint32
		var g int
		switch i / 16 {
		case 0:
			f, g = b&c|^b&d, i
		case 1:
			f, g = d&b|^d&c, (5*i+1)%16
		case 2:
			f, g = b^c^d, (3*i+5)%16
		default:
			f, g = c^(b|^d), (7*i)%16
		}
		a, d, c, b = d, c, b, b+bits.RotateLeft32(a+f+table[i]+x[g], shifts[i/16][i%4])
	}
	s[0] += a
	s[1] += b
	s[2] += c
	s[3] += d
}
