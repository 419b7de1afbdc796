/* bare_list.c — the baseline for bench/tui.sh: the smallest ncurses list
 * (20 items, a highlighted row, j/k to move), to compare bytes per cursor
 * move and time to the first frame against. */
#include <curses.h>
#include <locale.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	int sel = 0, ch;
	setlocale(LC_ALL, "");
	initscr();
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	curs_set(0);
	for (;;) {
		erase();
		mvprintw(0, 0, "bare list");
		for (int i = 0; i < 20; i++) {
			if (i == sel)
				attron(A_REVERSE);
			mvprintw(i + 2, 2, "Item number %2d of the list", i + 1);
			attroff(A_REVERSE);
		}
		refresh();
		if (argc > 1)
			break;
		ch = getch();
		if (ch == 'q')
			break;
		if (ch == 'j' && sel < 19)
			sel++;
		if (ch == 'k' && sel > 0)
			sel--;
	}
	endwin();
	return 0;
}
