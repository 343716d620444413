package msgexport

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"time"
)

// A zip of stored (uncompressed) entries, written here: the media are
// JPEGs, MP4s and such that deflate would not shrink, and archive/zip
// (with compress/flate) measured 262 KB more of core.wasm (-s -w), where
// the whole export costs 100 KB. No
// Zip64: an export is bounded by the kept messages' space (at most
// recall.MaxMB, 2000 MB), under zip's 4 GB.

// ErrTooBig is a zip past the 4 GB (or 65,535 entries) of plain zip.
var ErrTooBig = errors.New("msgexport: the export is too big for a zip")

// Zip writes a zip file into memory.
type Zip struct {
	b   bytes.Buffer
	dir bytes.Buffer
	n   int
	mod time.Time
}

// NewZip starts a zip whose entries are dated mod (local wall time, as
// zip's MS-DOS dates are).
func NewZip(mod time.Time) *Zip { return &Zip{mod: mod} }

// dosTime is t as MS-DOS's date and time (2-second steps, from 1980).
func dosTime(t time.Time) (date, tm uint16) {
	if t.Year() < 1980 {
		t = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	date = uint16((t.Year()-1980)<<9 | int(t.Month())<<5 | t.Day())
	tm = uint16(t.Hour()<<11 | t.Minute()<<5 | t.Second()/2)
	return date, tm
}

// flagUTF8 says the entry's name is UTF-8 (general purpose bit 11), so
// that a Chinese file name opens as it was written.
const flagUTF8 = 1 << 11

// Add adds a file of name (a relative path with / between folders).
func (z *Zip) Add(name string, data []byte) error {
	off := z.b.Len()
	if z.n >= 0xffff || int64(off)+int64(len(data))+int64(len(name))+30 > 0xffffffff || len(name) > 0xffff {
		return ErrTooBig
	}
	// The fields both headers share, in the same order: version needed
	// (1.0, stored), flags, method (0, stored), time, date, CRC-32, both
	// sizes (the same, stored) and the name's length.
	var common [26]byte
	le := binary.LittleEndian
	date, tm := dosTime(z.mod)
	le.PutUint16(common[0:], 10)
	le.PutUint16(common[2:], flagUTF8)
	le.PutUint16(common[6:], tm)
	le.PutUint16(common[8:], date)
	le.PutUint32(common[10:], crc32.ChecksumIEEE(data))
	le.PutUint32(common[14:], uint32(len(data)))
	le.PutUint32(common[18:], uint32(len(data)))
	le.PutUint16(common[22:], uint16(len(name)))

	var h [30]byte
	le.PutUint32(h[0:], 0x04034b50)
	copy(h[4:], common[:])
	z.b.Write(h[:])
	z.b.WriteString(name)
	z.b.Write(data)

	var c [46]byte
	le.PutUint32(c[0:], 0x02014b50)
	le.PutUint16(c[4:], 0x0314) // made by: Unix, 2.0
	copy(c[6:], common[:])
	le.PutUint32(c[38:], 0o100644<<16) // a regular file, rw-r--r--
	le.PutUint32(c[42:], uint32(off))
	z.dir.Write(c[:])
	z.dir.WriteString(name)
	z.n++
	return nil
}

// Bytes ends the zip (its central directory) and returns it.
func (z *Zip) Bytes() ([]byte, error) {
	off := z.b.Len()
	if int64(off)+int64(z.dir.Len()) > 0xffffffff {
		return nil, ErrTooBig
	}
	le := binary.LittleEndian
	var e [22]byte
	le.PutUint32(e[0:], 0x06054b50)
	le.PutUint16(e[8:], uint16(z.n))
	le.PutUint16(e[10:], uint16(z.n))
	le.PutUint32(e[12:], uint32(z.dir.Len()))
	le.PutUint32(e[16:], uint32(off))
	z.b.Write(z.dir.Bytes())
	z.b.Write(e[:])
	return z.b.Bytes(), nil
}
