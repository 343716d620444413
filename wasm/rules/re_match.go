package rules

import (
	"unicode/utf8"
)

type instOp uint8

const (
	iClass instOp = iota // one rune of class, then next
	iEmpty               // an assertion holds here, then next
	iSplit               // both next and alt
	iJmp                 // next
	iMatch
)

type inst struct {
	op    instOp
	empty emptyOp
	next  int
	alt   int
	class []rune
}

// program is a compiled pattern: inst[0] is its start.
type program struct{ inst []inst }

// compile makes node's program, refused as errLong beyond maxProgram
// instructions (checked as it grows: a nested repeat would otherwise
// build millions first).
func compile(n *node) (*program, error) {
	c := &compiler{}
	start := c.emit(inst{op: iJmp})
	end, err := c.node(n)
	if err != nil {
		return nil, err
	}
	c.prog[start].next = start + 1
	c.patch(end, c.emit(inst{op: iMatch}))
	if len(c.prog) > maxProgram {
		return nil, errLong
	}
	return &program{inst: c.prog}, nil
}

type compiler struct{ prog []inst }

// hole is an instruction whose next (or alt, when alt) is yet to be set.
type hole struct {
	pc  int
	alt bool
}

func (c *compiler) emit(i inst) int {
	c.prog = append(c.prog, i)
	return len(c.prog) - 1
}

func (c *compiler) patch(holes []hole, to int) {
	for _, h := range holes {
		if h.alt {
			c.prog[h.pc].alt = to
		} else {
			c.prog[h.pc].next = to
		}
	}
}

// node emits n from the current end of the program, which is where it
// starts, and returns the holes that go to what follows it.
func (c *compiler) node(n *node) ([]hole, error) {
	if len(c.prog) > maxProgram {
		return nil, errLong
	}
	switch n.kind {
	case nClass:
		return []hole{{pc: c.emit(inst{op: iClass, class: n.class.ranges})}}, nil
	case nEmpty:
		if n.empty == 0 {
			return []hole{{pc: c.emit(inst{op: iJmp})}}, nil
		}
		return []hole{{pc: c.emit(inst{op: iEmpty, empty: n.empty})}}, nil
	case nConcat:
		holes := []hole{{pc: c.emit(inst{op: iJmp})}}
		for _, sub := range n.subs {
			c.patch(holes, len(c.prog))
			var err error
			if holes, err = c.node(sub); err != nil {
				return nil, err
			}
		}
		return holes, nil
	case nAlt:
		var out []hole
		for i, sub := range n.subs {
			var split int
			if i < len(n.subs)-1 {
				split = c.emit(inst{op: iSplit})
				c.prog[split].next = split + 1
			}
			h, err := c.node(sub)
			if err != nil {
				return nil, err
			}
			out = append(out, h...)
			if i < len(n.subs)-1 {
				c.prog[split].alt = len(c.prog)
			}
		}
		return out, nil
	case nRepeat:
		return c.repeat(n.subs[0], n.min, n.max)
	}
	panic("rules: unknown node")
}

// repeat emits sub min times, then up to max-min optional times, or a
// loop when max is -1.
func (c *compiler) repeat(sub *node, min, max int) ([]hole, error) {
	holes := []hole{{pc: c.emit(inst{op: iJmp})}}
	for range min {
		c.patch(holes, len(c.prog))
		var err error
		if holes, err = c.node(sub); err != nil {
			return nil, err
		}
	}
	if max < 0 { // a loop: split into sub or out; sub goes back
		c.patch(holes, len(c.prog))
		split := c.emit(inst{op: iSplit, next: len(c.prog) + 1})
		h, err := c.node(sub)
		if err != nil {
			return nil, err
		}
		c.patch(h, split)
		return []hole{{pc: split, alt: true}}, nil
	}
	var out []hole
	for range max - min {
		c.patch(holes, len(c.prog))
		split := c.emit(inst{op: iSplit, next: len(c.prog) + 1})
		out = append(out, hole{pc: split, alt: true})
		var err error
		if holes, err = c.node(sub); err != nil {
			return nil, err
		}
	}
	return append(out, holes...), nil
}

// match reports whether the program matches anywhere in text: every
// thread advances on each rune together, so a match costs at most the
// program's length per rune of the text.
func (p *program) match(text string) bool {
	cur, next := newThreads(len(p.inst)), newThreads(len(p.inst))
	prev := rune(-1)
	r, w := decode(text, 0)
	for pos := 0; ; {
		if p.add(cur, 0, context(prev, r)) {
			return true
		}
		if r < 0 {
			return false
		}
		r2, w2 := decode(text, pos+w)
		at := context(r, r2)
		next.clear()
		for _, pc := range cur.list {
			in := &p.inst[pc]
			if in.op == iClass && inClass(in.class, r) && p.add(next, in.next, at) {
				return true
			}
		}
		cur, next = next, cur
		pos += w
		prev, r, w = r, r2, w2
	}
}

// decode is the rune at i (-1 at the end); an invalid byte reads as
// utf8.RuneError, one byte wide, as in Go's regexp.
func decode(s string, i int) (rune, int) {
	if i >= len(s) {
		return -1, 0
	}
	return utf8.DecodeRuneInString(s[i:])
}

// threads is a set of instructions: list in order, seen by pc.
type threads struct {
	list  []int
	seen  []bool
	stack []int
}

func newThreads(n int) *threads { return &threads{seen: make([]bool, n)} }

func (t *threads) clear() {
	for _, pc := range t.list {
		t.seen[pc] = false
	}
	t.list = t.list[:0]
}

// add adds pc and what it reaches without reading a rune, at a place
// whose assertions are at; true when that reaches the match.
func (p *program) add(t *threads, pc int, at emptyOp) bool {
	t.stack = append(t.stack[:0], pc)
	for len(t.stack) > 0 {
		pc := t.stack[len(t.stack)-1]
		t.stack = t.stack[:len(t.stack)-1]
		if t.seen[pc] {
			continue
		}
		t.seen[pc] = true
		t.list = append(t.list, pc)
		in := &p.inst[pc]
		switch in.op {
		case iMatch:
			return true
		case iJmp:
			t.stack = append(t.stack, in.next)
		case iSplit:
			t.stack = append(t.stack, in.alt, in.next)
		case iEmpty:
			if in.empty&^at == 0 {
				t.stack = append(t.stack, in.next)
			}
		}
	}
	return false
}

// context is the assertions that hold between r1 and r2 (-1: the text's
// start or end).
func context(r1, r2 rune) emptyOp {
	var op emptyOp
	if r1 < 0 {
		op |= emptyBeginText | emptyBeginLine
	}
	if r1 == '\n' {
		op |= emptyBeginLine
	}
	if r2 < 0 {
		op |= emptyEndText | emptyEndLine
	}
	if r2 == '\n' {
		op |= emptyEndLine
	}
	if isWordRune(r1) != isWordRune(r2) {
		op |= emptyWordBoundary
	} else {
		op |= emptyNoWordBoundary
	}
	return op
}

func isWordRune(r rune) bool {
	return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '_'
}

// inClass reports whether r is in the clean ranges (binary search).
func inClass(ranges []rune, r rune) bool {
	lo, hi := 0, len(ranges)/2
	for lo < hi {
		m := (lo + hi) / 2
		switch {
		case r < ranges[2*m]:
			hi = m
		case r > ranges[2*m+1]:
			lo = m + 1
		default:
			return true
		}
	}
	return false
}
