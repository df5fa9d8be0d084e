#!/bin/sh
# Port forwards as a script, the way many guides write them
iptables -t nat -A PREROUTING -p tcp --dport 8080 -j DNAT --to-destination 192.168.1.20:80
sudo iptables -t nat -I PREROUTING 1 -p udp --dport 1194 -j DNAT --to-destination 192.168.1.5
iptables -A FORWARD -p tcp -d 192.168.1.20 --dport 80 -j ACCEPT
iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE
