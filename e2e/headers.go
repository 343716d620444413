//go:build !js

package e2e

import (
	"fmt"
	"strings"

	"github.com/wxdrop/wxdrop/protocol/wxsim"
)

// ExtensionEndpoints are the endpoints only the extension calls in the
// tests: the simulated page never sends or uploads (it fetches its own
// images, so the media endpoints are not among them).
var ExtensionEndpoints = map[string]bool{
	"webwxsendmsg": true, "webwxsendappmsg": true, "webwxsendmsgimg": true, "webwxsendvideomsg": true,
	"webwxsendemoticon": true, "webwxuploadmedia": true, "webwxcheckupload": true, "webwxbatchgetcontact": true,
}

// HeaderProblems checks that every request wxsim recorded to one of
// ExtensionEndpoints carries what the page's own would, for a login on
// mainHost (PROTOCOL.md §12): Origin https://mainHost, a Referer on it,
// and Sec-Fetch-Site same-origin (same-site on the file. and webpush.
// hosts). It returns what is wrong, one line each, and how many requests
// it checked.
func HeaderProblems(reqs []wxsim.Request, mainHost string) (problems []string, checked int) {
	main := "https://" + mainHost
	for _, r := range reqs {
		if !ExtensionEndpoints[r.Endpoint] {
			continue
		}
		checked++
		if o := r.Header.Get("Origin"); o != main {
			problems = append(problems, fmt.Sprintf("%s %s: Origin %q, want %q", r.Method, r.Endpoint, o, main))
		}
		if ref := r.Header.Get("Referer"); !strings.HasPrefix(ref, main+"/") {
			problems = append(problems, fmt.Sprintf("%s %s: Referer %q, want %s/…", r.Method, r.Endpoint, ref, main))
		}
		want := "same-origin"
		if r.Host != mainHost {
			want = "same-site"
		}
		if s := r.Header.Get("Sec-Fetch-Site"); s != want {
			problems = append(problems, fmt.Sprintf("%s %s on %s: Sec-Fetch-Site %q, want %q", r.Method, r.Endpoint, r.Host, s, want))
		}
	}
	return problems, checked
}
