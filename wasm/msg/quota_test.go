package msg

import (
	"errors"
	"testing"
)

// TestStorageErr: the browser's quota error of storage.local is
// STORAGE_FULL; other errors stay as they are.
func TestStorageErr(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		err  error
		want Code // "": returned as it is
	}{
		{errors.New("Error: Resource::kQuotaBytes quota exceeded"), ErrStorageFull},
		{errors.New("QUOTA_BYTES quota exceeded"), ErrStorageFull},
		{errors.New("Error: Resource::kQuotaBytesPerItem quota exceeded"), ErrStorageFull},
		{errors.New("Error: the extension context is invalidated"), ""},
		{&Error{Code: ErrBadRequest}, ErrBadRequest},
	} {
		got := StorageErr(tc.err)
		var me *Error
		if !errors.As(got, &me) {
			if tc.want != "" || got != tc.err {
				t.Errorf("StorageErr(%v) = %v, want %q", tc.err, got, tc.want)
			}
			continue
		}
		if me.Code != tc.want {
			t.Errorf("StorageErr(%v) = %s, want %q", tc.err, me.Code, tc.want)
		}
	}
	if StorageErr(nil) != nil {
		t.Error("StorageErr(nil) is not nil")
	}
}
