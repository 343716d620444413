// Package fmt is what `wasmsize -table -nofmt` builds the floors with in
// place of the standard library's fmt (a go build -overlay), to show what
// a worker without fmt would weigh (the slim15 branch took fmt out of the
// worker's packages; its urlx, net/url without fmt, weighs what net/url
// weighs once fmt is gone, within 3 KB). Every function returns a
// value (its format, an error of it) without formatting, so that callers'
// code stays linked; nothing here panics. A real worker without fmt
// formats with strconv (slim15's wraperr, hexstr), which this does not
// count: the figure is a lower bound.
package fmt

import (
	"errors"
	"io"
)

type Stringer interface{ String() string }

type GoStringer interface{ GoString() string }

type State interface {
	Write(b []byte) (n int, err error)
	Width() (wid int, ok bool)
	Precision() (prec int, ok bool)
	Flag(c int) bool
}

type Formatter interface{ Format(f State, verb rune) }

type wrapError struct {
	msg string
	err error
}

func (e *wrapError) Error() string { return e.msg }
func (e *wrapError) Unwrap() error { return e.err }

// Errorf keeps a %w operand's chain (errors.Is still sees it).
func Errorf(format string, a ...any) error {
	for _, x := range a {
		if err, ok := x.(error); ok {
			return &wrapError{format, err}
		}
	}
	return errors.New(format)
}

func Sprintf(format string, a ...any) string { return format }
func Sprint(a ...any) string                 { return "" }
func Sprintln(a ...any) string               { return "\n" }
func Fprintf(w io.Writer, format string, a ...any) (int, error) {
	return io.WriteString(w, format)
}
func Fprint(w io.Writer, a ...any) (int, error)   { return 0, nil }
func Fprintln(w io.Writer, a ...any) (int, error) { return io.WriteString(w, "\n") }
