"""The scheduler: picks compute nodes for instances (placement first,
then filters and weighers), and the placement client every service uses."""
