// Command wxsim runs the web WeChat simulator by hand: every WeChat host on
// one local HTTPS port, with the simulated logged-in page at
// https://wx.qq.com/ for a Chromium started with the printed flags.
//
//	go run ./protocol/wxsim/cmd/wxsim [-addr 127.0.0.1:9443] [-contacts 5000] [-hold 25s] [-login]
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/wxdrop/wxdrop/protocol/wxsim"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:9443", "where to listen (host:port; port 0 picks one)")
	contacts := flag.Int("contacts", 0, "extra generated contacts besides the default ones")
	seed := flag.Uint64("seed", 1, "seed of the generated contacts")
	host := flag.String("host", "wx.qq.com", "main host for -login")
	login := flag.Bool("login", false, "log in at start (the page's scan button does it otherwise)")
	hold := flag.Duration("hold", 25*time.Second, "how long synccheck holds an idle poll")
	flag.Parse()

	people := wxsim.DefaultPeople()
	if *contacts > 0 {
		people = append(people, wxsim.GeneratedPeople(*contacts, *seed)...)
	}
	s, err := wxsim.New(wxsim.Config{People: people, Addr: *addr, SyncHold: *hold})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer s.Close()
	if *login {
		if _, err := s.Login(*host); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}

	// Session secrets are never printed: the page and the extension learn
	// them from the protocol, as with the real server.
	fmt.Printf("wxsim listening on %s (%d contacts)\n\n", s.Addr(), len(people))
	fmt.Println("Start Chromium with:")
	var quoted []string
	for _, f := range s.ChromiumFlags() {
		quoted = append(quoted, shellQuote(f))
	}
	fmt.Printf("  chromium %s https://%s/\n\n", strings.Join(quoted, " "), *host)
	if *login {
		fmt.Printf("Logged in on %s; a fresh browser profile has no cookies, so press the scan button once.\n", *host)
	}
	fmt.Println("Press Ctrl-C to stop.")

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	<-sig
	// The rejections say what the real server would have refused; their
	// reasons name no secret values.
	rej := s.Rejections()
	fmt.Printf("\nstopping: %d requests, %d refused\n", len(s.Requests()), len(rej))
	for _, r := range rej {
		fmt.Printf("  refused %s: Ret %d: %s\n", r.Endpoint, r.Ret, r.Reason)
	}
}

// shellQuote quotes a flag for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
