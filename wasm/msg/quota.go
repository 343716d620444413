package msg

import "strings"

// StorageErr is a write's error as a person reads it: the browser's
// storage.local at its quota (Chromium says "Resource::kQuotaBytes quota
// exceeded", older builds "QUOTA_BYTES quota exceeded") is STORAGE_FULL,
// which says what to do; it read "wxdrop ran into a problem of its own",
// to close the window and reload the extension, which frees nothing.
// Any other error is returned as it is.
func StorageErr(err error) error {
	if err == nil {
		return nil
	}
	if _, ok := err.(*Error); ok {
		return err
	}
	if s := strings.ToLower(err.Error()); strings.Contains(s, "quotabytes") || strings.Contains(s, "quota_bytes") {
		return &Error{Code: ErrStorageFull, Detail: err.Error()}
	}
	return err
}
