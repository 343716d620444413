//go:build js && wasm

package protocol

import (
	"hash"

	"github.com/wxdrop/wxdrop/internal/md5go"
)

// newMD5 is MD5 without crypto/md5 in the WebAssembly build: crypto/md5
// links Go's FIPS 140 module, about 190 KB of core.wasm (internal/md5go).
func newMD5() hash.Hash { return md5go.New() }
