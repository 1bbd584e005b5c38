using Yunying.Testing;

// One PostgreSQL cluster for the run; the PostgreSQL server tests make their own databases in it.
[assembly: AssemblyFixture(typeof(PostgresCluster))]
