//go:build !(js && wasm)

package protocol

import (
	"crypto/md5"
	"hash"
)

// newMD5 is crypto/md5, with its assembly, outside the browser.
func newMD5() hash.Hash { return md5.New() }
