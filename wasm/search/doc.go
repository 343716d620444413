// Package search finds chats for the popup's chat picker. It is plain Go
// (no syscall/js) so that it is tested and benchmarked natively.
//
// An Index is built once per contact list: every name and pinyin field is
// cleaned of web WeChat's emoji markup and lower-cased up front, and the
// list is put in its empty-query order (recent chats, then everyone by
// name). A keystroke is then one pass of substring tests over that order,
// with the hits dropped into three buckets by match quality; no sorting
// and no allocation per contact, so 5,000 contacts take well under a
// millisecond.
package search
