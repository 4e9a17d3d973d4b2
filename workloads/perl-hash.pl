# perl-hash: build a large hash of strings and arrays, sort it, rebuild
# it; perl allocates every string, array and hash entry with malloc.
# Deterministic; prints a checksum.  Usage: perl perl-hash.pl [N]
# (default 120000 keys, about 3 s).
use strict;
use warnings;

my $n = shift // 120000;
my %h;
my $seed = 12345;
sub rnd { $seed = ($seed * 1103515245 + 12345) % 2147483648; return $seed; }
for my $i (1 .. $n) {
    my $k = sprintf("key%08d-%x", rnd() % ($n * 4), $i);
    $h{$k} = [ $i, "v" x (1 + rnd() % 60), { n => $i } ];
}
my @sorted = sort { $h{$a}[1] cmp $h{$b}[1] or $a cmp $b } keys %h;
my $sum = 0;
$sum += length($_) for @sorted[0 .. 999];
# Delete half, then grow again with longer values.
delete @h{ @sorted[ grep { $_ % 2 } 0 .. $#sorted ] };
for my $k (keys %h) {
    $h{"$k/2"} = join(",", @{ $h{$k} }[0 .. 1]) . ("w" x (rnd() % 200));
}
my @byval = sort { length($h{$a}) <=> length($h{$b}) || $a cmp $b }
  grep { !ref $h{$_} } keys %h;
$sum += scalar(@byval) + length($byval[-1]);
print "perl-hash: ", scalar(keys %h), " keys, checksum $sum\n";
