//go:build !js

package e2e

import (
	"crypto/sha256"
	"encoding/base64"
	"testing"
)

// TestFloorIDIsItsKeys: an extension's id is the first 16 bytes of the
// SHA-256 of its manifest key, in hex written with the letters a–p; the
// figures wake the floor's worker by FloorID, so a key changed without it
// would wake nothing. It needs no browser (go test -short runs it).
func TestFloorIDIsItsKeys(t *testing.T) {
	t.Parallel()
	der, err := base64.StdEncoding.DecodeString(floorKey)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(der)
	id := make([]byte, 0, 32)
	for _, b := range sum[:16] {
		id = append(id, 'a'+b>>4, 'a'+b&15)
	}
	if string(id) != FloorID {
		t.Fatalf("floorKey is the key of %s, not FloorID %s", id, FloorID)
	}
	for _, other := range []string{ExtensionID, HelloID} {
		if other == FloorID {
			t.Fatalf("FloorID is also %s", other)
		}
	}
}
