package main

import (
	"errors"
	"fmt"
	"strings"
)

// module is what wasmsize reads of a WebAssembly binary: the size of
// each section, and each defined function's name and body size.
type module struct {
	sections map[string]int // by name ("code", "data", "custom:name", …), bytes with their headers
	funcs    []fn
	data     int // bytes of the data segments' contents
	segments int
}

type fn struct {
	name string
	size int // bytes of the body in the code section, its size prefix included
}

var sectionNames = [...]string{"custom", "type", "import", "function", "table", "memory", "global",
	"export", "start", "element", "code", "data", "datacount"}

// reader reads the LEB128 integers and length-prefixed names of the
// binary format; the first error sticks.
type reader struct {
	b   []byte
	off int
	err error
}

func (r *reader) fail(what string) {
	if r.err == nil {
		r.err = fmt.Errorf("offset %d: %s", r.off, what)
	}
}

func (r *reader) byte() byte {
	if r.err != nil || r.off >= len(r.b) {
		r.fail("unexpected end")
		return 0
	}
	c := r.b[r.off]
	r.off++
	return c
}

func (r *reader) u32() int {
	var v uint64
	for shift := 0; shift < 35; shift += 7 {
		c := r.byte()
		v |= uint64(c&0x7f) << shift
		if c&0x80 == 0 {
			return int(v)
		}
	}
	r.fail("LEB128 too long")
	return 0
}

func (r *reader) bytes(n int) []byte {
	if r.err != nil || n < 0 || n > len(r.b)-r.off {
		r.fail("unexpected end")
		return nil
	}
	s := r.b[r.off : r.off+n]
	r.off += n
	return s
}

func (r *reader) name() string { return string(r.bytes(r.u32())) }

// parse reads a module's sections, its code section's bodies, its data
// segments' sizes and the function names of its name section.
func parse(b []byte) (*module, error) {
	if len(b) < 8 || string(b[:4]) != "\x00asm" {
		return nil, errors.New("not a WebAssembly module")
	}
	m := &module{sections: map[string]int{}}
	r := &reader{b: b, off: 8}
	imported := 0
	var bodies []int
	names := map[int]string{}
	for r.off < len(b) && r.err == nil {
		start := r.off
		id := int(r.byte())
		size := r.u32()
		body := r.bytes(size)
		if r.err != nil {
			break
		}
		s := &reader{b: body}
		label := "unknown"
		if id < len(sectionNames) {
			label = sectionNames[id]
		}
		switch id {
		case 0:
			label = "custom:" + s.name()
			if label == "custom:name" {
				readNames(s, names)
			}
		case 2:
			imported = countFuncImports(s)
		case 10:
			for i, n := 0, s.u32(); i < n && s.err == nil; i++ {
				at := s.off
				s.bytes(s.u32())
				bodies = append(bodies, s.off-at)
			}
		case 11:
			m.segments = s.u32()
			for i := 0; i < m.segments && s.err == nil; i++ {
				readSegment(s, &m.data)
			}
		}
		if s.err != nil {
			return nil, fmt.Errorf("section %s: %w", label, s.err)
		}
		m.sections[label] += r.off - start
	}
	if r.err != nil {
		return nil, r.err
	}
	for i, size := range bodies {
		name, ok := names[imported+i]
		if !ok {
			name = fmt.Sprintf("func[%d]", imported+i)
		}
		m.funcs = append(m.funcs, fn{name, size})
	}
	return m, nil
}

// countFuncImports is how many of the imports are functions: they come
// first in the function index space.
func countFuncImports(s *reader) int {
	n, funcs := s.u32(), 0
	for i := 0; i < n && s.err == nil; i++ {
		s.name()
		s.name()
		switch s.byte() {
		case 0: // func: type index
			s.u32()
			funcs++
		case 1: // table: reftype, limits
			s.byte()
			readLimits(s)
		case 2: // memory
			readLimits(s)
		case 3: // global: valtype, mutability
			s.byte()
			s.byte()
		default:
			s.fail("unknown import kind")
		}
	}
	return funcs
}

func readLimits(s *reader) {
	if s.byte() == 1 {
		s.u32()
	}
	s.u32()
}

// readSegment skips one data segment, adding its contents' size to total.
func readSegment(s *reader, total *int) {
	switch s.u32() {
	case 0: // active, memory 0, offset expression
		skipConstExpr(s)
	case 1: // passive
	case 2: // active, memory index, offset expression
		s.u32()
		skipConstExpr(s)
	default:
		s.fail("unknown data segment kind")
	}
	n := s.u32()
	s.bytes(n)
	*total += n
}

// skipConstExpr skips an offset expression: i32.const or i64.const
// with a signed LEB128 value (read as unsigned bytes: only its length
// matters), then end.
func skipConstExpr(s *reader) {
	for s.err == nil {
		switch s.byte() {
		case 0x0b:
			return
		case 0x41, 0x42, 0x23:
			for s.byte()&0x80 != 0 && s.err == nil {
			}
		default:
			s.fail("unsupported constant expression")
		}
	}
}

// readNames reads the function names subsection (1) of a name section.
func readNames(s *reader, names map[int]string) {
	for s.off < len(s.b) && s.err == nil {
		id := s.byte()
		sub := &reader{b: s.bytes(s.u32())}
		if id != 1 {
			continue
		}
		for i, n := 0, sub.u32(); i < n && sub.err == nil; i++ {
			idx := sub.u32()
			names[idx] = sub.name()
		}
		if sub.err != nil {
			s.fail("function names: " + sub.err.Error())
		}
	}
}

// packages tells the Go package of a function from its name in the
// name section. The linker writes each name with every character other
// than a letter, digit, '_' or '.' made '_' ("net/url.(*URL).String" is
// "net_url.__URL_.String"), which cannot be undone, so the names are
// matched against the program's packages (go list -deps) written the
// same way: the longest one followed by a dot.
type packages map[string]string // mangled → import path

func newPackages(paths []string) packages {
	ps := packages{}
	for _, p := range paths {
		ps[mangle(p)] = p
	}
	return ps
}

// mangle writes a name as the linker does in the name section.
func mangle(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '.' || r == '_' || '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' {
			return r
		}
		return '_'
	}, s)
}

// of is the package of a function name; a name of no package (the
// linker's own: "type_.eq.…" for type:.eq.…) is grouped by what comes
// before its first dot.
func (ps packages) of(name string) string {
	best := ""
	for i := 0; i < len(name); i++ {
		if name[i] == '.' {
			if p, ok := ps[name[:i]]; ok {
				best = p
			}
		}
	}
	if best != "" {
		return best
	}
	if i := strings.IndexByte(name, '.'); i > 0 {
		return name[:i] + " (linker)"
	}
	return name
}
