// Package jsonlite is a small JSON codec without reflection, for the
// popup program: encoding/json, with the reflect and fmt it brings, was a
// fifth of popup.wasm (945,339 of 4,385,181 bytes stripped). A type gets
// a codec by listing its fields once, in a Fields method (see Fields);
// the same list encodes and decodes. The output and the result are
// encoding/json's for the same type: jsonlite's tests and those of every
// type with a codec hold them to it, field by field (a field added to a
// struct and not to its Fields method fails them).
package jsonlite
