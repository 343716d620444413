package model

import (
	"errors"
	"strconv"
	"unicode/utf8"

	"github.com/wxdrop/wxdrop/wasm/jsonlite"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// DecodeContacts reads the JSON of msg.Contacts, as the worker stores it
// under msg.ContactsKey. It is what the popup waits for before it is
// usable: with 5,000 contacts (about 1 MB) encoding/json took some 50 ms
// in the browser, this scanner a fraction of that. It knows the shape
// (strings, most without escapes and sliced out of the text without
// copying; bools; small integers) and hands anything else (unknown or
// repeated keys, null, numbers with exponents, bad syntax) to
// encoding/json, so the result is always what encoding/json would give
// (FuzzDecodeContacts checks it).
func DecodeContacts(text string) (msg.Contacts, error) {
	return decode[*msg.Contacts](text, (*decoder).contacts)
}

// decode reads text with the scanner's fast path, or else with T's
// jsonlite codec (held to encoding/json by its tests): the result is
// encoding/json's either way.
func decode[P interface {
	*T
	jsonlite.Object
}, T any](text string, fast func(*decoder) (T, error)) (T, error) {
	d := decoder{s: text}
	v, err := fast(&d)
	if err == nil {
		d.space()
		if d.i == len(d.s) {
			return v, nil
		}
	}
	var slow T
	if err := jsonlite.Decode(text, P(&slow)); err != nil {
		var zero T
		return zero, err
	}
	return slow, nil
}

// errShape: the text is not what the fast path reads; encoding/json
// decides.
var errShape = errors.New("unexpected JSON")

type decoder struct {
	s string
	i int
}

func (d *decoder) space() {
	for d.i < len(d.s) {
		switch d.s[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// byte consumes c after optional space.
func (d *decoder) byte(c byte) bool {
	d.space()
	if d.i < len(d.s) && d.s[d.i] == c {
		d.i++
		return true
	}
	return false
}

func (d *decoder) peek() byte {
	d.space()
	if d.i < len(d.s) {
		return d.s[d.i]
	}
	return 0
}

// contacts reads the top-level object.
func (d *decoder) contacts() (msg.Contacts, error) {
	var cs msg.Contacts
	err := d.object(func(key string) error {
		switch key {
		case "contacts":
			if d.literal("null") {
				cs.Contacts = nil
				return nil
			}
			if !d.byte('[') {
				return errShape
			}
			cs.Contacts = make([]msg.Contact, 0, d.estimate())
			if d.byte(']') {
				return nil
			}
			for {
				var c msg.Contact
				if err := d.contact(&c); err != nil {
					return err
				}
				cs.Contacts = append(cs.Contacts, c)
				if d.byte(',') {
					continue
				}
				if d.byte(']') {
					return nil
				}
				return errShape
			}
		case "loading":
			b, err := d.bool()
			cs.Loading = b
			return err
		case "login":
			var err error
			cs.Login, err = d.str()
			return err
		case "stamp":
			var err error
			cs.Stamp, err = d.str()
			return err
		case "account":
			var err error
			cs.Account, err = d.str()
			return err
		}
		return errShape
	})
	if err != nil {
		return msg.Contacts{}, err
	}
	return cs, nil
}

// estimate guesses the number of contacts from the text's length, so the
// slice grows at most once or twice.
func (d *decoder) estimate() int { return len(d.s)/160 + 1 }

// contact reads one msg.Contact.
func (d *decoder) contact(c *msg.Contact) error {
	return d.object(func(key string) error {
		var err error
		switch key {
		case "u":
			c.UserName, err = d.str()
		case "n":
			c.NickName, err = d.str()
		case "r":
			c.RemarkName, err = d.str()
		case "pi":
			c.PYInitial, err = d.str()
		case "pq":
			c.PYQuanPin, err = d.str()
		case "rpi":
			c.RemarkPYInitial, err = d.str()
		case "rpq":
			c.RemarkPYQuanPin, err = d.str()
		case "h":
			c.HeadImgURL, err = d.str()
		case "g":
			c.Group, err = d.bool()
		case "rc":
			c.Recent, err = d.int()
		case "a":
			c.Alias, err = d.str()
		case "s":
			c.Sex, err = d.int()
		case "pr":
			c.Province, err = d.str()
		case "ci":
			c.City, err = d.str()
		case "us":
			c.Unsaved, err = d.bool()
		default:
			// A field this build does not know: encoding/json skips it.
			err = errShape
		}
		return err
	})
}

// object reads {"key": value, ...}, calling field for each value. Keys
// must be plain (no escapes) and distinct, as the worker writes them:
// anything else goes to encoding/json, which has its own rules for both.
func (d *decoder) object(field func(key string) error) error {
	if !d.byte('{') {
		return errShape
	}
	if d.byte('}') {
		return nil
	}
	var seen [16]string
	n := 0
	for {
		key, err := d.str()
		if err != nil {
			return err
		}
		for _, k := range seen[:n] {
			if k == key {
				return errShape
			}
		}
		if n < len(seen) {
			seen[n] = key
			n++
		} else {
			return errShape
		}
		if !d.byte(':') {
			return errShape
		}
		if err := field(key); err != nil {
			return err
		}
		if d.byte(',') {
			continue
		}
		if d.byte('}') {
			return nil
		}
		return errShape
	}
}

// str reads a string. One without escapes, the common case, is a slice
// of the text; escapes (encoding/json writes & < > as \u0026...) and bytes
// that are not UTF-8 are decoded exactly as encoding/json does.
func (d *decoder) str() (string, error) {
	if !d.byte('"') {
		return "", errShape
	}
	start := d.i
	for d.i < len(d.s) {
		c := d.s[d.i]
		switch {
		case c == '"':
			s := d.s[start:d.i]
			d.i++
			return s, nil
		case c == '\\' || c < 0x20:
			return d.strSlow(start)
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(d.s[d.i:])
			if r == utf8.RuneError && size == 1 {
				return d.strSlow(start)
			}
			d.i += size
		default:
			d.i++
		}
	}
	return "", errShape
}

// strSlow reads a string that needs decoding, with jsonlite; start is
// just after its opening quote.
func (d *decoder) strSlow(start int) (string, error) {
	v, next, err := jsonlite.StringAt(d.s, start-1)
	if err != nil {
		return "", errShape
	}
	d.i = next
	return v, nil
}

func (d *decoder) literal(word string) bool {
	d.space()
	if len(d.s)-d.i >= len(word) && d.s[d.i:d.i+len(word)] == word {
		d.i += len(word)
		return true
	}
	return false
}

func (d *decoder) bool() (bool, error) {
	switch {
	case d.literal("true"):
		return true, nil
	case d.literal("false"):
		return false, nil
	}
	return false, errShape
}

// int reads a small non-negative or negative integer without exponent.
func (d *decoder) int() (int, error) {
	d.space()
	start := d.i
	if d.i < len(d.s) && d.s[d.i] == '-' {
		d.i++
	}
	digits := d.i
	for d.i < len(d.s) && d.s[d.i] >= '0' && d.s[d.i] <= '9' {
		d.i++
	}
	if d.i == digits || d.i-digits > 9 || (d.s[digits] == '0' && d.i-digits > 1) {
		return 0, errShape
	}
	if d.i < len(d.s) && (d.s[d.i] == '.' || d.s[d.i] == 'e' || d.s[d.i] == 'E') {
		return 0, errShape
	}
	return strconv.Atoi(d.s[start:d.i])
}
