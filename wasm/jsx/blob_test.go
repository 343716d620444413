//go:build js && wasm

package jsx

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"syscall/js"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/protocol"
)

// jsBlob is b as a Blob.
func jsBlob(b []byte) js.Value {
	return js.Global().Get("Blob").New([]any{jsBytes(b)})
}

// TestBlobMD5: a Blob's MD5, read in slices and hashed in JavaScript's
// memory, is its bytes' MD5, across the slices' edges; a cancelled
// context ends it with the context's error.
func TestBlobMD5(t *testing.T) {
	for _, size := range []int{0, 1, 64, md5Slice - 1, md5Slice, md5Slice + 1, 2*md5Slice + 65} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			data := testBody(size)
			got, err := NewBlob(jsBlob(data)).MD5(context.Background())
			require.NoError(t, err)
			want := md5.Sum(data)
			require.Equal(t, hex.EncodeToString(want[:]), got)
		})
	}
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := NewBlob(jsBlob(testBody(md5Slice + 1))).MD5(ctx)
		require.ErrorIs(t, err, context.Canceled)
	})
}

// BenchmarkBlobMD5 compares Blob.MD5 with protocol.FileMD5 (the Blob
// read into Go's memory and hashed in plain Go), on a 64 MiB Blob.
func BenchmarkBlobMD5(b *testing.B) {
	data := testBody(64 << 20)
	blob := NewBlob(jsBlob(data))
	b.Run("FileMD5", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if _, err := protocol.FileMD5(blob, blob.Size()); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Blob.MD5", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if _, err := blob.MD5(context.Background()); err != nil {
				b.Fatal(err)
			}
		}
	})
}
