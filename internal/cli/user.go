package cli

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/backers/backers/internal/secret"
	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// userCommand runs `backers user add -email E -role admin|editor [-password-stdin]`. There are
// no default credentials: the first admin is made this way. It prints a generated password
// once, or reads the password from the first line of stdin.
func userCommand(std streams, args []string) int {
	usage := "usage: backers user add -email E -role admin|editor [-password-stdin] [-db FILE]"
	if len(args) == 0 || args[0] != "add" {
		fmt.Fprintln(std.stderr, usage)
		return 2
	}
	var email, role string
	var fromStdin bool
	cfg, _, err := parseConfig("backers user add", args[1:], std.stderr, func(fs *flag.FlagSet, _ *Config) func() error {
		fs.StringVar(&email, "email", "", "the user's e-mail address, used to sign in")
		fs.StringVar(&role, "role", "", "admin (everything) or editor (data entry and reports)")
		fs.BoolVar(&fromStdin, "password-stdin", false, "read the password from stdin instead of generating one")
		return nil
	})
	if err != nil {
		return 2
	}
	if err := addUser(cfg.DB, strings.TrimSpace(email), role, fromStdin, std.stdin, std.stdout); err != nil {
		fmt.Fprintln(std.stderr, "backers user add:", err)
		return 1
	}
	return 0
}

func addUser(db, email, role string, fromStdin bool, stdin io.Reader, stdout io.Writer) error {
	if at := strings.Index(email, "@"); at < 1 || at == len(email)-1 || strings.ContainsAny(email, " <>\"") {
		return errors.New("-email must be an e-mail address")
	}
	if role != models.RoleAdmin && role != models.RoleEditor {
		return errors.New("-role must be admin or editor")
	}
	password := secret.Token(18)
	if fromStdin {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("read password: %w", err)
		}
		password = strings.TrimRight(line, "\r\n")
	}
	hash, err := secret.HashPassword(password)
	if err != nil {
		return err
	}
	st, err := store.Open(db, nil)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := st.UserByEmail(email); err == nil {
		return fmt.Errorf("a user %s already exists", email)
	}
	if err := st.CreateUser(&models.User{Email: email, Role: role, PasswordHash: hash}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Created %s %s.\n", role, email)
	if !fromStdin {
		fmt.Fprintf(stdout, "Password (shown only now, keep it safe): %s\n", password)
	}
	return nil
}
