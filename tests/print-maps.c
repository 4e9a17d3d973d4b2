/* print-maps: print the path of every libc.so and ld.so mapped into this
   process, as /proc/self/maps names them, one a line.  Used to check
   which glibc build a program really runs on.  */
#include <stdio.h>
#include <string.h>

int
main (void)
{
  FILE *f = fopen ("/proc/self/maps", "r");
  if (f == NULL)
    {
      perror ("/proc/self/maps");
      return 1;
    }
  char line[4096], last[4096] = "";
  while (fgets (line, sizeof line, f) != NULL)
    {
      char *path = strchr (line, '/');
      if (path == NULL)
        continue;
      path[strcspn (path, "\n")] = '\0';
      const char *base = strrchr (path, '/') + 1;
      if ((strncmp (base, "libc.so", 7) == 0 || strncmp (base, "libc-", 5) == 0
           || strncmp (base, "ld.so", 5) == 0 || strncmp (base, "ld-", 3) == 0)
          && strcmp (path, last) != 0)
        {
          puts (path);
          strcpy (last, path);
        }
    }
  fclose (f);
  return 0;
}
