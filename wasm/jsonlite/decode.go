package jsonlite

import (
	"strconv"
)

// Decoder reads one JSON text. Like encoding/json it reads the whole
// text even when a value has the wrong type, and reports the first such
// error at the end; bad syntax stops it at once.
type Decoder struct {
	s string
	i int
	// typeErr is the first value of a wrong type (encoding/json's
	// UnmarshalTypeError): decoding goes on, the error is returned last.
	typeErr error
}

// SyntaxError is JSON that is not well formed.
type SyntaxError struct {
	Msg    string
	Offset int
}

func (e *SyntaxError) Error() string {
	return "json: " + e.Msg + " at offset " + strconv.Itoa(e.Offset)
}

// TypeError is a JSON value that the Go value cannot hold.
type TypeError struct {
	Value  string // "string", "number 1.5", ...
	Offset int
}

func (e *TypeError) Error() string {
	return "json: cannot decode " + e.Value + " at offset " + strconv.Itoa(e.Offset)
}

// Decode reads text into v with v's Fields; the text must hold one JSON
// value and nothing else but space.
func Decode(text string, v Object) error {
	return DecodeWith(text, func(d *Decoder) error { return d.Object(v) })
}

// DecodeWith reads text with f, which reads one value from d.
func DecodeWith(text string, f func(d *Decoder) error) error {
	d := &Decoder{s: text}
	if err := d.checkValid(); err != nil {
		return err
	}
	if err := f(d); err != nil {
		return err
	}
	return d.typeErr
}

// checkValid scans the whole text first, as encoding/json does: a text
// with bad syntax anywhere changes nothing.
func (d *Decoder) checkValid() error {
	c := &Decoder{s: d.s}
	if err := c.Skip(); err != nil {
		return err
	}
	c.space()
	if c.i != len(c.s) {
		return c.syntax("invalid character " + strconv.QuoteRune(rune(c.s[c.i])) + " after top-level value")
	}
	return nil
}

func (d *Decoder) syntax(m string) error { return &SyntaxError{Msg: m, Offset: d.i} }

func (d *Decoder) space() {
	for d.i < len(d.s) {
		switch d.s[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// Peek is the first byte of the next value (0 at the end).
func (d *Decoder) Peek() byte {
	d.space()
	if d.i < len(d.s) {
		return d.s[d.i]
	}
	return 0
}

func (d *Decoder) eat(c byte) bool {
	if d.Peek() == c {
		d.i++
		return true
	}
	return false
}

// Null consumes a null and reports whether there was one.
func (d *Decoder) Null() bool {
	if d.Peek() == 'n' && len(d.s)-d.i >= 4 && d.s[d.i:d.i+4] == "null" {
		d.i += 4
		return true
	}
	return false
}

// mismatch records that the next value is not of the wanted type, and
// skips it.
func (d *Decoder) mismatch() error {
	if d.typeErr == nil {
		start := d.i
		kind := "value"
		switch d.Peek() {
		case '"':
			kind = "string"
		case '{':
			kind = "object"
		case '[':
			kind = "array"
		case 't', 'f':
			kind = "bool"
		default:
			kind = "number"
		}
		d.typeErr = &TypeError{Value: kind, Offset: start}
	}
	return d.Skip()
}

// Skip consumes one value of any type.
func (d *Decoder) Skip() error {
	switch c := d.Peek(); {
	case c == '"':
		_, err := d.rawString()
		return err
	case c == '{':
		_, err := d.Members(func(string) error { return d.Skip() })
		return err
	case c == '[':
		_, err := d.Elements(d.Skip)
		return err
	case c == 't':
		return d.word("true")
	case c == 'f':
		return d.word("false")
	case c == 'n':
		return d.word("null")
	case c == '-' || c >= '0' && c <= '9':
		_, err := d.number()
		return err
	case c == 0 && d.i >= len(d.s):
		return d.syntax("unexpected end of JSON input")
	default:
		return d.syntax("invalid character " + strconv.QuoteRune(rune(c)) + " looking for beginning of value")
	}
}

func (d *Decoder) word(w string) error {
	if len(d.s)-d.i >= len(w) && d.s[d.i:d.i+len(w)] == w {
		d.i += len(w)
		return nil
	}
	return d.syntax("invalid literal")
}

// number consumes a number as JSON writes it and returns its text.
func (d *Decoder) number() (string, error) {
	start := d.i
	s := d.s
	i := d.i
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	default:
		d.i = i
		return "", d.syntax("invalid number")
	}
	if i < len(s) && s[i] == '.' {
		i++
		if i >= len(s) || s[i] < '0' || s[i] > '9' {
			d.i = i
			return "", d.syntax("invalid number")
		}
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i >= len(s) || s[i] < '0' || s[i] > '9' {
			d.i = i
			return "", d.syntax("invalid number")
		}
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	}
	d.i = i
	return s[start:i], nil
}

// Bool reads true or false; null leaves *p as it is.
func (d *Decoder) Bool(p *bool) error {
	switch d.Peek() {
	case 't':
		*p = true
		return d.word("true")
	case 'f':
		*p = false
		return d.word("false")
	case 'n':
		return d.word("null")
	}
	return d.mismatch()
}

// Int reads an integer that fits bits; null leaves *p as it is.
func (d *Decoder) Int(p *int64, bits int) error {
	s, start, done, err := d.numberText()
	if done {
		return err
	}
	n, err := strconv.ParseInt(s, 10, bits)
	if err != nil {
		d.badNumber(s, start)
		return nil
	}
	*p = n
	return nil
}

// Byte reads an integer from 0 to 255 (as encoding/json does for a
// uint8: not -0); null leaves *p as it is.
func (d *Decoder) Byte(p *byte) error {
	s, start, done, err := d.numberText()
	if done {
		return err
	}
	n, err := strconv.ParseUint(s, 10, 8)
	if err != nil {
		d.badNumber(s, start)
		return nil
	}
	*p = byte(n)
	return nil
}

// Float reads a number; null leaves *p as it is.
func (d *Decoder) Float(p *float64) error {
	s, start, done, err := d.numberText()
	if done {
		return err
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		d.badNumber(s, start)
		return nil
	}
	*p = f
	return nil
}

// numberText reads the text of a number where one is wanted, and where
// it starts; done says there is nothing to parse: null, bad syntax, or a
// value of another type (recorded as a TypeError, and skipped).
func (d *Decoder) numberText() (s string, start int, done bool, err error) {
	if d.Null() {
		return "", 0, true, nil
	}
	if c := d.Peek(); c != '-' && (c < '0' || c > '9') {
		return "", 0, true, d.mismatch()
	}
	start = d.i
	s, err = d.number()
	return s, start, err != nil, err
}

// badNumber records a number that the Go value cannot hold.
func (d *Decoder) badNumber(s string, start int) {
	if d.typeErr == nil {
		d.typeErr = &TypeError{Value: "number " + s, Offset: start}
	}
}

// Raw reads any value as its text (null too, as encoding/json's
// RawMessage does).
func (d *Decoder) Raw() (string, error) {
	d.space()
	start := d.i
	if err := d.Skip(); err != nil {
		return "", err
	}
	return d.s[start:d.i], nil
}

// Members reads an object, calling f with each key (unquoted) before its
// value, which f must consume. null calls nothing and reports true.
func (d *Decoder) Members(f func(key string) error) (isNull bool, err error) {
	return d.sequence('{', '}', func() error {
		if d.Peek() != '"' {
			return d.syntax("expected a key")
		}
		raw, err := d.rawString()
		if err != nil {
			return err
		}
		if !d.eat(':') {
			return d.syntax("expected ':'")
		}
		return f(unquote(raw))
	})
}

// Elements reads an array, calling f for each element, which f must
// consume. null calls nothing and reports true.
func (d *Decoder) Elements(f func() error) (isNull bool, err error) {
	return d.sequence('[', ']', f)
}

// sequence reads open, items separated by commas, and close.
func (d *Decoder) sequence(open, close byte, item func() error) (isNull bool, err error) {
	if d.Null() {
		return true, nil
	}
	if d.Peek() != open {
		return false, d.mismatch()
	}
	d.i++
	if d.eat(close) {
		return false, nil
	}
	for {
		if err := item(); err != nil {
			return false, err
		}
		if d.eat(close) {
			return false, nil
		}
		if !d.eat(',') {
			return false, d.syntax("expected ',' or '" + string(rune(close)) + "'")
		}
	}
}
