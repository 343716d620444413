//go:build js && wasm

package jsx

import (
	"context"
	"errors"
	"syscall/js"
)

// JSError is a JavaScript exception or rejection, with its name and message.
type JSError struct {
	Name    string
	Message string
}

func (e *JSError) Error() string { return e.Name + ": " + e.Message }

// errorOf turns a rejection value into a Go error.
func errorOf(v js.Value) error {
	if v.Type() == js.TypeObject {
		name, m := v.Get("name"), v.Get("message")
		if m.Type() == js.TypeString {
			n := "Error"
			if name.Type() == js.TypeString {
				n = name.String()
			}
			return &JSError{Name: n, Message: m.String()}
		}
	}
	if v.Type() == js.TypeString {
		return &JSError{Name: "Error", Message: v.String()}
	}
	return &JSError{Name: "Error", Message: js.Global().Get("String").Invoke(v).String()}
}

// Await waits for a promise to settle. On ctx's end it returns ctx.Err()
// at once; the callbacks are released when the promise settles, on both
// paths, so none leaks.
func Await(ctx context.Context, p js.Value) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	ch := make(chan result, 1)
	var then, catch js.Func
	release := func() { then.Release(); catch.Release() }
	then = js.FuncOf(func(_ js.Value, args []js.Value) any {
		v := js.Undefined()
		if len(args) > 0 {
			v = args[0]
		}
		ch <- result{v: v}
		release()
		return nil
	})
	catch = js.FuncOf(func(_ js.Value, args []js.Value) any {
		err := error(&JSError{Name: "Error", Message: "rejected"})
		if len(args) > 0 {
			err = errorOf(args[0])
		}
		ch <- result{err: err}
		release()
		return nil
	})
	p.Call("then", then, catch)
	select {
	case r := <-ch:
		return r.v, r.err
	case <-ctx.Done():
		return js.Undefined(), ctx.Err()
	}
}

// AwaitCall calls obj[method](args...) and awaits the promise it returns.
// A browser API that refuses its arguments throws at once (Firefox's
// "Type error for parameter …"), which js.Value.Call turns into a panic:
// here it is the call's error, as a rejection would be.
func AwaitCall(ctx context.Context, obj js.Value, method string, args ...any) (v js.Value, err error) {
	p, err := call(obj, method, args...)
	if err != nil {
		return js.Undefined(), err
	}
	return Await(ctx, p)
}

// call is obj[method](args...), with an exception as an error.
func call(obj js.Value, method string, args ...any) (v js.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			if je, ok := r.(js.Error); ok {
				v, err = js.Undefined(), errorOf(je.Value)
				return
			}
			panic(r)
		}
	}()
	return obj.Call(method, args...), nil
}

// Promise returns a JavaScript Promise settled by f, which runs in its own
// goroutine: a js.FuncOf that blocked would stall the event loop.
func Promise(f func() (any, error)) js.Value {
	var executor js.Func
	executor = js.FuncOf(func(_ js.Value, args []js.Value) any {
		resolve, reject := args[0], args[1]
		go func() {
			defer executor.Release()
			v, err := f()
			if err != nil {
				reject.Invoke(js.Global().Get("Error").New(err.Error()))
				return
			}
			resolve.Invoke(v)
		}()
		return nil
	})
	return js.Global().Get("Promise").New(executor)
}

// ErrNoAPI: a browser API the code needs is missing in this context.
var ErrNoAPI = errors.New("browser API not available here")
